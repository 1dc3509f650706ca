-- wrk script: a mixed load over several paths, in turn, each thread starting elsewhere in
-- the list; counts answers that are not 200 (wrk's own error count ignores 3xx).
-- `wrk -s bench/mixed_paths.lua URL -- /path1 /path2 ...`
local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("offset", counter)
    table.insert(threads, thread)
end

function init(args)
    paths = args
    index = offset or 0
    unexpected = 0
end

function request()
    index = index + 1
    return wrk.format("GET", paths[(index % #paths) + 1])
end

function response(status, headers, body)
    if status ~= 200 then
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
