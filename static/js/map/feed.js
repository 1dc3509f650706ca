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

function feedUrl(url, params, { zoom, bbox }) {
  const query = new URLSearchParams(params);
  query.set("zoom", String(zoom));
  if (bbox) query.set("bbox", bbox.map((v) => v.toFixed(5)).join(","));
  return `${url}?${query}`;
}

function decode(data) {
  return {
    mode: data.mode,
    complete: data.complete,
    count: data.count,
    total: data.total,
    points: data.mode === "points" ? decodePoints(data) : [],
    clusters: data.mode === "clusters" ? decodeClusters(data) : [],
  };
}

async function getJson(url, signal) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`feed ${response.status}`);
  return response.json();
}

// The first feed, fetched by first-view.js before Leaflet is there: the map's first
// fetchFeed for the same URL takes it instead of downloading it again.
const early = new Map();

// The page may hold that first feed itself ({% map_preloads %}, when it is small): no
// request for it then. Read once: a later call for the same URL asks the server.
function inlineFeed(full) {
  const element = document.getElementById("first-feed");
  if (!element || element.dataset.url !== full) return null;
  element.remove();
  return Promise.resolve(JSON.parse(element.textContent));
}

export function prefetchFeed(url, params, options) {
  const full = feedUrl(url, params, options);
  const promise = inlineFeed(full) || getJson(full);
  early.set(full, promise);
  promise.catch(() => early.delete(full));
  return promise.then(decode);
}

// Fetch the feed for these filters; a newer call aborts an older one still in flight.
export async function fetchFeed(url, params, options) {
  if (pending) pending.abort();
  const controller = new AbortController();
  pending = controller;
  const full = feedUrl(url, params, options);
  let data = null;
  if (early.has(full)) {
    const promise = early.get(full);
    early.delete(full);
    data = await promise.catch(() => null);
    if (controller.signal.aborted) throw new DOMException("superseded", "AbortError");
  }
  if (!data) data = await getJson(full, controller.signal);
  return decode(data);
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
