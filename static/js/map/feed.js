// Fetching and decoding the compact map feed, and an actor's popup details.

const SCALE = 100000;
let pending = null;

// The id, lat and lon columns hold differences from the previous row (see selectors.py).
function decodePoints(data) {
  const points = new Array(data.count);
  let id = 0;
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < data.count; i += 1) {
    id += data.id[i];
    lat += data.lat[i];
    lon += data.lon[i];
    points[i] = { id, lat: lat / SCALE, lon: lon / SCALE, kind: data.kind[i], name: data.name ? data.name[i] : "" };
  }
  return points;
}

function decodeClusters(data) {
  return data.cells.map(([lat, lon, count]) => ({ lat: lat / SCALE, lon: lon / SCALE, count }));
}

// Fetch the feed for these filters; a newer call aborts an older one still in flight.
export async function fetchFeed(url, params, { zoom, bbox }) {
  if (pending) pending.abort();
  pending = new AbortController();
  const query = new URLSearchParams(params);
  query.set("zoom", String(zoom));
  if (bbox) query.set("bbox", bbox.map((v) => v.toFixed(5)).join(","));
  const response = await fetch(`${url}?${query}`, { signal: pending.signal });
  if (!response.ok) throw new Error(`feed ${response.status}`);
  const data = await response.json();
  return {
    mode: data.mode,
    complete: data.complete,
    count: data.count,
    total: data.total,
    points: data.mode === "points" ? decodePoints(data) : [],
    clusters: data.mode === "clusters" ? decodeClusters(data) : [],
  };
}

const details = new Map();

export async function fetchDetails(urlTemplate, id) {
  if (!details.has(id)) {
    const url = urlTemplate.replace(/\/0\/$/, `/${id}/`);
    details.set(id, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`details ${response.status}`);
      return response.json();
    }).catch((error) => {
      details.delete(id); // a failure (network, throttling) is retried on the next click
      throw error;
    }));
  }
  return details.get(id);
}
