// The small maps of light pages (an actor, a workshop, a summit): a still map drawn without
// Leaflet, so that these pages load this module and nothing else of the map code. Tiles are
// plain images placed by Web Mercator arithmetic; the bundled basemap (Natural Earth land
// and borders) is drawn in SVG under them when a tile fails or on a light connection; the
// points are positioned elements (links when they lead somewhere). + and − zoom; the full,
// movable map is one link away (the template's "See on the map").

const TILE = 256;
const MAX_LAT = 85.0511;

// Web Mercator in world units (0..1 both ways).
export function project(lat, lon) {
  const clamped = Math.max(Math.min(lat, MAX_LAT), -MAX_LAT);
  const sin = Math.sin((clamped * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

function svgElement(name, attributes) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

const basemaps = new Map();

function fetchBasemap(url) {
  if (!basemaps.has(url)) {
    basemaps.set(url, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`basemap ${response.status}`);
      return response.json();
    }).catch((error) => { basemaps.delete(url); throw error; }));
  }
  return basemaps.get(url);
}

// "M x y L x y …" for the lines that cross the view (others are skipped: a small map at
// city zoom shows a tiny part of the world).
function pathData(lines, toPixel, width, height, close) {
  const parts = [];
  for (const line of lines) {
    let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
    const pixels = line.map(([lon, lat]) => {
      const [x, y] = toPixel(lat, lon);
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      return [x, y];
    });
    if (maxX < 0 || maxY < 0 || minX > width || minY > height) continue;
    parts.push(`M${pixels.map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`).join("L")}${close ? "Z" : ""}`);
  }
  return parts.join("");
}

function basemapLayer(data, toPixel, width, height) {
  const svg = svgElement("svg", {
    class: "still-basemap", width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true",
  });
  for (const feature of data.features) {
    const { type, coordinates } = feature.geometry;
    const land = feature.properties.layer === "land";
    let lines = [];
    if (type === "MultiPolygon") lines = coordinates.flat();
    else if (type === "Polygon" || type === "MultiLineString") lines = coordinates;
    else if (type === "LineString") lines = [coordinates];
    const d = pathData(lines, toPixel, width, height, land);
    if (d) {
      svg.append(svgElement("path", land
        ? { class: "basemap-land", d, "fill-rule": "evenodd" }
        : { class: "basemap-borders", d, fill: "none" }));
    }
  }
  return svg;
}

const PIN = '<svg viewBox="0 0 24 36" width="24" height="36" aria-hidden="true" focusable="false">'
  + '<path class="place-pin" d="M12 1C6 1 1.5 5.5 1.5 11.3 1.5 19 12 35 12 35s10.5-16 10.5-23.7C22.5 5.5 18 1 12 1z"/>'
  + '<circle cx="12" cy="11.5" r="4" fill="#fff"/></svg>';

function pointElement(point) {
  const element = document.createElement(point.url ? "a" : "span");
  if (point.url) element.href = point.url;
  else element.setAttribute("role", "img");
  element.setAttribute("aria-label", point.title);
  element.title = point.title;
  if (point.kind === "venue") {
    element.className = "still-point still-pin";
    element.innerHTML = PIN; // our own markup, no data in it
  } else if (point.kind === "organisation") {
    element.className = "still-point kind-marker place-organisation";
  } else {
    element.className = `still-point kind-marker kind-${point.kind}`;
    element.innerHTML = `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">${point.shape || ""}</svg>`;
  }
  return element;
}

// Targets of 24 px must not cover each other (WCAG 2.2 target size): a point that would
// overlap one already placed moves out along a spiral, a few pixels at world zoom.
const TARGET = 26;
function spread([x, y], placed) {
  let position = [x, y];
  for (let step = 1; step < 60; step += 1) {
    if (!placed.some(([px, py]) => Math.hypot(px - position[0], py - position[1]) < TARGET)) break;
    const angle = step * 2.39996; // the golden angle: turns that never line up
    const radius = TARGET * Math.sqrt(step) * 0.8;
    position = [x + radius * Math.cos(angle), y + radius * Math.sin(angle)];
  }
  placed.push(position);
  return position;
}

// The zoom at which all points fit in the element (at most `maxZoom`).
function fitZoom(points, width, height, maxZoom) {
  if (points.length < 2) return maxZoom;
  const xs = points.map((p) => project(p.lat, p.lon)[0]);
  const ys = points.map((p) => project(p.lat, p.lon)[1]);
  const spanX = Math.max(...xs) - Math.min(...xs);
  const spanY = Math.max(...ys) - Math.min(...ys);
  let zoom = maxZoom;
  while (zoom > 2 && (spanX * TILE * 2 ** zoom > width - 60 || spanY * TILE * 2 ** zoom > height - 60)) {
    zoom -= 1;
  }
  return zoom;
}

function tileUrl(template, x, y, zoom) {
  return template.replace("{s}", "a").replace("{z}", zoom).replace("{x}", x)
    .replace("{y}", y).replace("{r}", "");
}

export function createStillMap(element, settings, points, { zoom: startZoom } = {}) {
  const strings = settings.strings || {};
  const light = Boolean(navigator.connection && navigator.connection.saveData);
  const xs = points.map((p) => project(p.lat, p.lon)[0]);
  const ys = points.map((p) => project(p.lat, p.lon)[1]);
  const center = points.length
    ? [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]
    : project(settings.center[0], settings.center[1]);
  const maxZoom = Math.min(settings.maxZoom || 18, 18);
  let zoom = null;
  let needsBasemap = light;
  let drawBasemap = () => {};
  element.dataset.light = String(light);
  element.classList.add("still-map");

  const view = document.createElement("div");
  view.className = "still-view";
  const controls = document.createElement("div");
  controls.className = "still-zoom";
  const buttons = [["+", strings.zoomIn || "+", 1], ["−", strings.zoomOut || "−", -1]].map(
    ([text, label, step]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.setAttribute("aria-label", label);
      button.title = label;
      button.addEventListener("click", () => {
        zoom = Math.max(2, Math.min(maxZoom, zoom + step));
        draw();
      });
      controls.append(button);
      return button;
    },
  );
  const attribution = document.createElement("div");
  attribution.className = "still-attribution";
  attribution.innerHTML = settings.attribution || ""; // the site's own settings
  element.replaceChildren(view, controls, attribution);

  function draw() {
    const width = element.clientWidth;
    const height = element.clientHeight;
    if (zoom === null) {
      zoom = startZoom || fitZoom(points, width, height, Math.min(14, maxZoom));
    }
    buttons[0].disabled = zoom >= maxZoom;
    buttons[1].disabled = zoom <= 2;
    const scale = TILE * 2 ** zoom;
    const left = center[0] * scale - width / 2;
    const top = center[1] * scale - height / 2;
    const toPixel = (lat, lon) => {
      const [x, y] = project(lat, lon);
      return [x * scale - left, y * scale - top];
    };
    const holder = document.createElement("div");
    holder.className = "still-basemap-holder";
    const layers = [holder];
    drawBasemap = () => {
      if (!settings.basemapUrl || holder.firstChild) return;
      fetchBasemap(settings.basemapUrl).then((data) => {
        if (holder.firstChild) return;
        holder.append(basemapLayer(data, toPixel, width, height));
        element.dataset.basemap = "ready";
      }).catch(() => {});
    };
    if (needsBasemap) drawBasemap();
    if (!light && settings.tilesUrl) {
      const count = 2 ** zoom;
      const tiles = document.createElement("div");
      tiles.className = "still-tiles";
      for (let ty = Math.floor(top / TILE); ty * TILE < top + height; ty += 1) {
        if (ty < 0 || ty >= count) continue;
        for (let tx = Math.floor(left / TILE); tx * TILE < left + width; tx += 1) {
          const image = document.createElement("img");
          image.alt = "";
          image.width = TILE;
          image.height = TILE;
          image.style.left = `${tx * TILE - left}px`;
          image.style.top = `${ty * TILE - top}px`;
          image.addEventListener("error", () => {
            image.remove();
            needsBasemap = true; // from now on, at every zoom
            drawBasemap();
          }, { once: true });
          image.src = tileUrl(settings.tilesUrl, ((tx % count) + count) % count, ty, zoom);
          tiles.append(image);
        }
      }
      layers.push(tiles);
    }
    const markers = document.createElement("div");
    markers.className = "still-points";
    const placed = [];
    for (const point of points) {
      const marker = pointElement(point);
      const [x, y] = point.kind === "venue"
        ? toPixel(point.lat, point.lon) : spread(toPixel(point.lat, point.lon), placed);
      marker.style.left = `${x}px`;
      marker.style.top = `${y}px`;
      markers.append(marker);
    }
    layers.push(markers);
    view.replaceChildren(...layers);
    element.dataset.zoom = String(zoom);
    element.dataset.state = "ready";
  }

  draw();
  let timer = null;
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(draw, 200); });
}

function settingsOf(element) {
  return JSON.parse(document.getElementById(element.dataset.settings).textContent);
}

document.querySelectorAll("[data-map=mini]").forEach((element) => {
  const data = settingsOf(element);
  createStillMap(element, data, [data.point], { zoom: data.point.zoom });
});
document.querySelectorAll("[data-map=places]").forEach((element) => {
  const data = settingsOf(element);
  const points = data.places.map((place) => ({
    ...place, title: place.detail ? `${place.name}, ${place.detail}` : place.name,
  }));
  createStillMap(element, data, points);
});
