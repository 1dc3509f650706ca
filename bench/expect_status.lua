-- wrk script: counts answers whose status is not the one expected (wrk's own error
-- count ignores 3xx), e.g. `wrk -s bench/expect_status.lua URL -- 304`.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    expected = tonumber(args[1] or "200")
    unexpected = 0
end

function response(status, headers, body)
    if status ~= expected then
        unexpected = unexpected + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("unexpected")
    end
    io.write(string.format("unexpected_status %d\n", total))
end
