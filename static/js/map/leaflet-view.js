// Every Leaflet call of the site lives in this module: maps, layers, popups, location.
const L = window.L;

export function createMap(element, settings, view, options = {}) {
  const map = L.map(element, {
    minZoom: settings.minZoom,
    maxZoom: settings.maxZoom,
    worldCopyJump: true,
    ...options,
  });
  L.tileLayer(settings.tilesUrl, {
    attribution: settings.attribution,
    maxZoom: settings.maxZoom,
  }).addTo(map);
  if (view) map.setView([view.lat, view.lon], view.zoom);
  else map.setView(settings.center, settings.zoom);
  return map;
}

export function currentView(map) {
  const center = map.getCenter().wrap();
  return { zoom: map.getZoom(), lat: center.lat, lon: center.lng };
}

export function setView(map, view) {
  map.setView([view.lat, view.lon], view.zoom);
}

export function viewport(map) {
  const box = map.getBounds().pad(0.2);
  const west = Math.max(box.getWest(), -540);
  return [west, Math.max(box.getSouth(), -90), box.getEast(), Math.min(box.getNorth(), 90)];
}

export function onMoveEnd(map, handler) {
  map.on("moveend", handler);
}

export function locate(map, onError) {
  map.once("locationerror", onError);
  map.locate({ setView: true, maxZoom: 13 });
}

function popupContent(details, strings, newTab) {
  const box = document.createElement("div");
  box.className = "popup";
  const title = document.createElement("a");
  title.href = details.url;
  title.textContent = details.name;
  title.className = "popup-title";
  if (newTab) {
    title.target = "_blank";
    title.rel = "noopener";
  }
  const meta = document.createElement("p");
  meta.textContent = `${details.kind} · ${details.city}, ${details.country}`;
  box.append(title, meta);
  if (details.verified) {
    const badge = document.createElement("p");
    badge.className = "badge";
    badge.textContent = strings.verified;
    box.append(badge);
  }
  return box;
}

function kindIcon(kind) {
  return L.divIcon({ className: `kind-marker kind-${kind}`, iconSize: [14, 14] });
}

function serverClusterIcon(count) {
  const size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
  const label = document.createElement("span");
  label.textContent = count.toLocaleString();
  return L.divIcon({
    html: label,
    className: `marker-cluster marker-cluster-${size} server-cluster`,
    iconSize: [40, 40],
  });
}

// The actors' layer: client-side clustering of points, or the server's clusters.
export function createActorLayer(map, { kinds, strings, details, newTab }) {
  const clustered = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 50,
  });
  const server = L.layerGroup();
  map.addLayer(clustered);
  map.addLayer(server);

  function pointMarker(point) {
    const kind = kinds[point.kind];
    const marker = L.marker([point.lat, point.lon], {
      icon: kindIcon(point.kind),
      title: kind ? kind.name : "",
      keyboard: true,
    });
    marker.on("add", () => {
      const element = marker.getElement();
      if (element) element.setAttribute("aria-label", `${kind ? kind.name : ""}: ${strings.details}`);
    });
    marker.bindPopup(() => {
      const holder = document.createElement("div");
      holder.textContent = strings.loading;
      details(point.id)
        .then((data) => holder.replaceChildren(popupContent(data, strings, newTab)))
        .catch(() => { holder.textContent = strings.error; });
      return holder;
    });
    return marker;
  }

  return {
    showPoints(points) {
      server.clearLayers();
      clustered.clearLayers();
      return new Promise((resolve) => {
        if (!points.length) { resolve(); return; }
        clustered.options.chunkProgress = (done, total) => { if (done >= total) resolve(); };
        clustered.addLayers(points.map(pointMarker));
      });
    },
    showClusters(cells) {
      clustered.clearLayers();
      server.clearLayers();
      for (const cell of cells) {
        const marker = L.marker([cell.lat, cell.lon], {
          icon: serverClusterIcon(cell.count),
          title: strings.zoomIn.replace("%s", cell.count.toLocaleString()),
          keyboard: true,
        });
        marker.on("click", () => map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom())));
        server.addLayer(marker);
      }
      return Promise.resolve();
    },
    fit(points) {
      if (!points.length) return;
      const box = L.latLngBounds(points.map((p) => [p.lat, p.lon]));
      map.fitBounds(box, { maxZoom: 12, padding: [20, 20] });
    },
  };
}

// A small, still map with one marker (actor pages).
export function createMiniMap(element, settings, point) {
  const map = createMap(element, settings, point, { scrollWheelZoom: false });
  L.marker([point.lat, point.lon], { icon: kindIcon(point.kind), title: point.title, keyboard: false }).addTo(map);
  return map;
}

// A small map of a few named places (a summit's venues, a workshop's organisations):
// venues as Leaflet's pin, organisations as a round marker; popups built as text.
export function createPlacesMap(element, settings, places) {
  const map = createMap(element, settings, null, { scrollWheelZoom: false });
  const markers = places.map((place) => {
    const options = { title: place.name, alt: place.name, keyboard: true };
    if (place.kind !== "venue") {
      options.icon = L.divIcon({ className: "kind-marker place-organisation", iconSize: [14, 14] });
    }
    const marker = L.marker([place.lat, place.lon], options).addTo(map);
    const box = document.createElement("div");
    box.className = "popup";
    const title = document.createElement(place.url ? "a" : "strong");
    title.className = "popup-title";
    title.textContent = place.name;
    if (place.url) title.href = place.url;
    box.append(title);
    if (place.detail) {
      const detail = document.createElement("p");
      detail.textContent = place.detail;
      box.append(detail);
    }
    marker.bindPopup(box);
    return marker;
  });
  if (markers.length === 1) map.setView(markers[0].getLatLng(), 14);
  else if (markers.length > 1) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 14 });
  return map;
}
