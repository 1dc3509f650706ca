// The actors' map's first view, drawn before Leaflet is there (slow connections): as soon
// as the first feed (preloaded in the head) is in, its markers are drawn as a still layer
// in the map's box, in the projection and extent the Leaflet view will have. Only then are
// Leaflet, Leaflet.markercluster and the map's modules downloaded (so that they do not
// share the connection with the feed); main.js replaces the still layer once its own
// markers are drawn. The still markers are named images, never focusable: a keyboard user
// cannot tab into a layer that is about to vanish.
import { prefetchFeed } from "./feed.js";
import { project } from "./small.js";
import { formParams, readView } from "./state.js";

const TILE = 256;
const CLUSTER_RADIUS = 50; // as Leaflet.markercluster's maxClusterRadius (leaflet-view.js)

function plural(strings, count, singular, several) {
  const many = strings.lang === "fr" ? count > 1 : count !== 1;
  return (many ? several : singular).replace("%s", count.toLocaleString(strings.lang));
}

// The filters main.js asks the feed for (the form's, then the page's fixed ones).
function filters(settings) {
  const form = document.getElementById("actor-filters");
  const params = form ? formParams(form) : new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(settings.fixedParams || {})) params.set(name, value);
  return params;
}

// The zoom and centre Leaflet's fitBounds(…, { maxZoom: 12, padding: [20, 20] }) chooses.
function fitView(items, width, height, settings) {
  const xs = items.map((item) => project(item.lat, item.lon)[0]);
  const ys = items.map((item) => project(item.lat, item.lon)[1]);
  const spanX = (Math.max(...xs) - Math.min(...xs)) * TILE;
  const spanY = (Math.max(...ys) - Math.min(...ys)) * TILE;
  const scale = Math.min((width - 40) / spanX, (height - 40) / spanY);
  let zoom = Math.floor(Math.round(Math.log2(scale) * 100) / 100);
  if (!Number.isFinite(zoom)) zoom = settings.maxZoom;
  zoom = Math.min(12, Math.max(settings.minZoom, Math.min(settings.maxZoom, zoom)));
  const center = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  return { zoom, center };
}

// Each kind's symbol and each cluster's disc are parsed once, then cloned for every marker:
// cloning is cheaper than parsing markup (innerHTML) for each marker on a slow phone.
const parsed = new Map();
function cloneOf(key, html) {
  if (!parsed.has(key)) {
    const holder = document.createElement("template");
    holder.innerHTML = html; // our own markup and numbers, no data from users
    parsed.set(key, holder.content);
  }
  return parsed.get(key).cloneNode(true);
}

function image(className, label, content) {
  const element = document.createElement("span");
  element.className = `still-point ${className}`;
  element.setAttribute("role", "img");
  element.setAttribute("aria-label", label);
  element.append(content);
  return element;
}

function clusterImage(count, label) {
  const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
  const disc = cloneOf("cluster", "<div><span></span></div>");
  disc.querySelector("span").textContent = count;
  return image(`marker-cluster marker-cluster-${size}`, label, disc);
}

// Points close on screen are grouped, as Leaflet.markercluster will (roughly) group them.
function groupPoints(points, toPixel) {
  const groups = [];
  for (const point of points) {
    const [x, y] = toPixel(point.lat, point.lon);
    const near = groups.find((group) => Math.hypot(group.x - x, group.y - y) <= CLUSTER_RADIUS);
    if (near) near.points.push({ point, x, y });
    else groups.push({ x, y, points: [{ point, x, y }] });
  }
  return groups;
}

function pointLabel(point, kinds) {
  const kindName = kinds[point.kind] ? kinds[point.kind].name : "";
  return point.name ? `${point.name}, ${kindName}` : kindName;
}

function groupLabel(points, kinds, strings) {
  const byKind = new Map();
  for (const { point } of points) byKind.set(point.kind, (byKind.get(point.kind) || 0) + 1);
  const parts = [...byKind.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => strings
    .clusterKind.replace("%(kind)s", kinds[kind] ? kinds[kind].name : "?")
    .replace("%(n)s", n.toLocaleString(strings.lang)));
  const shown = parts.length > 3 ? [...parts.slice(0, 3), "…"] : parts;
  return strings.clusterLabel
    .replace("%(count)s", plural(strings, points.length, strings.countSingular, strings.countPlural))
    .replace("%(kinds)s", shown.join(", "));
}

function draw(element, settings, feed) {
  const { kinds, shapes, strings } = settings;
  const items = feed.mode === "points" ? feed.points : feed.clusters;
  const width = element.clientWidth;
  const height = element.clientHeight;
  const placed = ["city", "country"].some((name) => filters(settings).has(name));
  const view = (settings.fitToResults || placed) && items.length
    ? fitView(items, width, height, settings)
    : { zoom: settings.zoom, center: project(settings.center[0], settings.center[1]) };
  const scale = TILE * 2 ** view.zoom;
  const left = Math.round(view.center[0] * scale - width / 2);
  const top = Math.round(view.center[1] * scale - height / 2);
  const toPixel = (lat, lon) => {
    const [x, y] = project(lat, lon);
    return [Math.round(x * scale - left), Math.round(y * scale - top)];
  };
  const layer = document.createElement("div");
  layer.className = "first-view";
  const place = (marker, x, y) => {
    marker.style.left = `${x}px`;
    marker.style.top = `${y}px`;
    layer.append(marker);
  };
  if (feed.mode === "points") {
    for (const group of groupPoints(feed.points, toPixel)) {
      if (group.points.length === 1) {
        const { point } = group.points[0];
        const kind = kinds[point.kind];
        const svg = cloneOf(`kind-${point.kind}`, `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">${(kind && shapes[kind.shape]) || ""}</svg>`);
        place(image(`kind-marker kind-${point.kind}`, pointLabel(point, kinds), svg), group.x, group.y);
      } else {
        const x = group.points.reduce((sum, p) => sum + p.x, 0) / group.points.length;
        const y = group.points.reduce((sum, p) => sum + p.y, 0) / group.points.length;
        const label = groupLabel(group.points, kinds, strings);
        place(clusterImage(group.points.length, label), x, y);
      }
    }
  } else {
    for (const cell of feed.clusters) {
      const [x, y] = toPixel(cell.lat, cell.lon);
      const label = strings.zoomIn.replace("%s", cell.count.toLocaleString(strings.lang));
      place(clusterImage(cell.count, label), x, y);
    }
  }
  element.append(layer);
  element.dataset.firstView = "ready"; // read by the browser tests and the benchmark
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = false; // run in the order they are added: Leaflet first
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

function loadStyle(href) {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = resolve;
    link.onerror = () => reject(new Error(`${href} did not load`));
    document.head.append(link);
  });
}

// The page's styles: the map's box has its size once they are in. This module is async
// (it does not wait for the page's other scripts), so it waits for them itself.
function stylesReady() {
  const pending = [...document.querySelectorAll("link[rel=stylesheet]")].filter((link) => !link.sheet);
  return Promise.all(pending.map((link) => new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
  })));
}

// Leaflet, its texts, its clustering plugin, their styles and the map's modules, all at
// once, then the map.
function loadFullMap(scripts) {
  for (const href of scripts.modules) {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.append(link);
  }
  Promise.all([...scripts.styles.map(loadStyle), ...scripts.classic.map(loadScript)])
    .then(() => import(scripts.main))
    .catch((error) => console.error(error));
}

// main.js shows the map/list switch and the tools it will handle: their room is kept from
// now on (invisible, out of the focus order), so that the map's box does not move then.
function reserveTools(element) {
  const wrap = element.parentElement;
  const shown = [".map-switch", ".map-share", ".map-light"];
  if ("geolocation" in navigator) shown.push(".locate");
  if (document.fullscreenEnabled) shown.push(".map-fullscreen");
  for (const selector of shown) {
    const tool = wrap.querySelector(selector);
    if (tool) tool.dataset.reserved = "";
  }
}

async function firstView(element) {
  reserveTools(element);
  const settings = JSON.parse(document.getElementById(element.dataset.settings).textContent);
  // A shared link's view asks main.js for its viewport only: no first view for it.
  if (!readView(window.location.hash)) {
    try {
      const feed = prefetchFeed(settings.feedUrl, filters(settings), { zoom: settings.zoom });
      await stylesReady();
      draw(element, settings, await feed);
    } catch (error) {
      console.error(error); // main.js asks again and says so
    }
  }
  return settings.scripts;
}

const maps = [...document.querySelectorAll("[data-map=actors]")];
if (maps.length) {
  Promise.all(maps.map(firstView)).then((scripts) => loadFullMap(scripts[0]));
}
