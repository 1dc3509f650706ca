// Every Leaflet call of the site lives in this module: maps, layers, popups, location.
const L = window.L;

// A low-detail vector basemap (Natural Earth land and borders) in a pane under the tiles,
// so that a map stays readable when the tile server is slow, down or skipped.
function addBasemap(map, url) {
  if (!url || map.basemapLoading) return;
  map.basemapLoading = true;
  const pane = map.createPane("basemap");
  pane.style.zIndex = 150; // under tilePane (200)
  fetch(url)
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      L.geoJSON(data, {
        pane: "basemap",
        interactive: false,
        renderer: L.svg({ pane: "basemap" }),
        // Colours here as well as in map.css: the forge and form maps do not load map.css.
        style: (feature) => (feature.properties.layer === "land"
          ? { className: "basemap-land", stroke: false, fillColor: "#f3f0e8", fillOpacity: 1 }
          : { className: "basemap-borders", color: "#7d8790", weight: 1, fill: false }),
      }).addTo(map);
      map.getContainer().style.background = "#dbe7ef"; // the sea
      map.getContainer().dataset.basemap = "ready";
    })
    .catch(() => { map.basemapLoading = false; });
}

// A map created with { basemap: "later" } draws its basemap when this is called (the
// actors' map: after its first markers, so that the basemap does not delay them).
export function showBasemap(map) {
  addBasemap(map, map.basemapUrl);
}

export function createMap(element, settings, view, options = {}) {
  const { basemap = "on-error", ...mapOptions } = options;
  const map = L.map(element, {
    minZoom: settings.minZoom,
    maxZoom: settings.maxZoom,
    worldCopyJump: true,
    keyboard: true,
    texts: settings.controls, // static/js/leaflet-locale.js
    ...mapOptions,
  });
  const tiles = L.tileLayer(settings.tilesUrl, {
    attribution: settings.attribution,
    maxZoom: settings.maxZoom,
  });
  map.basemapUrl = settings.basemapUrl;
  // Leaflet finds its default marker images from leaflet.css, which fails once the static
  // files have hashed names (production): tell it where they are.
  if (settings.imagePath) L.Icon.Default.imagePath = settings.imagePath;
  map.tiles = tiles;
  if (navigator.connection && navigator.connection.saveData) {
    setLight(map, true); // the browser asks to save data: no tiles
  } else {
    tiles.addTo(map);
    if (basemap === "always") addBasemap(map, settings.basemapUrl);
    else if (basemap === "on-error") tiles.once("tileerror", () => addBasemap(map, settings.basemapUrl));
  }
  if (view) map.setView([view.lat, view.lon], view.zoom);
  else map.setView(settings.center, settings.zoom);
  return map;
}

// The light map: the bundled basemap only, no tiles (slow connections, Save-Data).
export function setLight(map, light) {
  map.getContainer().dataset.light = String(light);
  if (light) {
    map.removeLayer(map.tiles);
    addBasemap(map, map.basemapUrl);
  } else {
    map.addLayer(map.tiles);
  }
}

export function isLight(map) {
  return map.getContainer().dataset.light === "true";
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

export function refreshSize(map) {
  map.invalidateSize();
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

// A kind's symbol: its shape (SVG markup from actors/palette.py) in its colour (kinds.css).
function kindIcon(kind, shape) {
  return L.divIcon({
    className: `kind-marker kind-${kind}`,
    html: `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">${shape || ""}</svg>`,
    iconSize: [24, 24],
  });
}

// A div icon whose element carries an accessible name (Leaflet gives it role=button).
const NamedIcon = L.DivIcon.extend({
  createIcon(oldIcon) {
    const element = L.DivIcon.prototype.createIcon.call(this, oldIcon);
    element.setAttribute("aria-label", this.options.label);
    return element;
  },
});

function serverClusterIcon(count, label) {
  const size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
  const text = document.createElement("span");
  text.textContent = count.toLocaleString();
  return new NamedIcon({
    html: text,
    label,
    className: `marker-cluster marker-cluster-${size} server-cluster`,
    iconSize: [40, 40],
  });
}

// "12 actors: Tech hub (7), Incubator (3), …": the kinds most present first.
function clusterLabel(markers, kinds, strings) {
  const byKind = new Map();
  for (const marker of markers) {
    byKind.set(marker.options.kind, (byKind.get(marker.options.kind) || 0) + 1);
  }
  const parts = [...byKind.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => strings.clusterKind
      .replace("%(kind)s", kinds[kind] ? kinds[kind].name : "?")
      .replace("%(n)s", n.toLocaleString(strings.lang)));
  const shown = parts.length > 3 ? [...parts.slice(0, 3), "…"] : parts;
  return strings.clusterLabel
    .replace("%(count)s", strings.countText(markers.length))
    .replace("%(kinds)s", shown.join(", "));
}

function isActivation(event) {
  const key = event.originalEvent && event.originalEvent.key;
  return key === "Enter" || key === " " || key === "Spacebar";
}

// Escape closes the open popup and gives the focus back to the marker that opened it.
function closePopupOnEscape(map) {
  map.getContainer().addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const popup = map._popup; // eslint-disable-line no-underscore-dangle
    if (!popup || !map.hasLayer(popup)) return;
    const source = popup._source; // eslint-disable-line no-underscore-dangle
    map.closePopup();
    event.stopPropagation();
    if (source && source.getElement && source.getElement()) source.getElement().focus();
  });
}

// Move the focus into a popup once its content is there (keyboard users land on the link).
function focusPopupLink(holder) {
  const link = holder.querySelector("a");
  if (link && holder.isConnected) link.focus({ preventScroll: true });
}

// The actors' layer: client-side clustering of points, or the server's clusters.
export function createActorLayer(map, { kinds, shapes, strings, details, newTab }) {
  const clustered = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    iconCreateFunction(cluster) {
      const count = cluster.getChildCount();
      const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      const text = document.createElement("div");
      const number = document.createElement("span");
      number.textContent = count.toLocaleString(strings.lang);
      text.append(number);
      return new NamedIcon({
        html: text,
        label: clusterLabel(cluster.getAllChildMarkers(), kinds, strings),
        className: `marker-cluster marker-cluster-${size}`,
        iconSize: [40, 40],
      });
    },
  });
  const server = L.layerGroup();
  map.addLayer(clustered);
  map.addLayer(server);
  closePopupOnEscape(map);

  // After a cluster opens, the focus goes to the first of its actors (or sub-clusters) in
  // view. Only elements that stay on the map: one being animated out would take the focus
  // with it, and a keyboard user would be left at the top of the page.
  function focusFirstOf(children, opened) {
    const bounds = map.getBounds();
    let outside = null;
    for (const child of children) {
      const shown = clustered.getVisibleParent(child);
      const element = shown && shown !== opened && shown.getElement && shown.getElement();
      if (element && element.isConnected) {
        if (bounds.contains(shown.getLatLng())) { element.focus(); return; }
        outside = outside || element;
      }
    }
    if (outside) outside.focus();
  }

  // Calls back once an opened cluster is drawn again: spread out, or zoomed into and its
  // clusters redrawn (Leaflet.markercluster animates them after the map's moveend).
  let pending = null;
  function whenOpened(callback) {
    if (pending) pending();
    const finish = () => { cancel(); callback(); };
    const afterMove = () => {
      map.off("moveend", afterMove);
      if (clustered._inZoomAnimation) clustered.on("animationend", finish); // eslint-disable-line no-underscore-dangle
      else finish();
    };
    const leave = (event) => { if (!map.getContainer().contains(event.relatedTarget)) cancel(); };
    function cancel() {
      pending = null;
      map.off("moveend", afterMove);
      clustered.off("spiderfied", finish);
      clustered.off("animationend", finish);
      map.getContainer().removeEventListener("focusout", leave);
    }
    pending = cancel;
    clustered.on("spiderfied", finish);
    map.on("moveend", afterMove);
    // A user who tabs out of the map meanwhile keeps the focus where they put it.
    map.getContainer().addEventListener("focusout", leave);
  }

  // Enter and Space open a cluster as a click does: zoom to it, or spread it out.
  clustered.on("clusterkeypress", (event) => {
    if (!isActivation(event)) return;
    event.originalEvent.preventDefault();
    const cluster = event.layer;
    const children = cluster.getAllChildMarkers();
    // The focus that brought the cluster here may still be panning the map: end that move
    // now, so that its moveend is not taken for the zoom's.
    map.stop();
    // The map holds the focus while the opened cluster is animated away.
    map.getContainer().focus({ preventScroll: true });
    whenOpened(() => focusFirstOf(children, cluster));
    clustered._zoomOrSpiderfy({ layer: cluster, originalEvent: event.originalEvent }); // eslint-disable-line no-underscore-dangle
  });

  function pointMarker(point) {
    const kind = kinds[point.kind];
    const kindName = kind ? kind.name : "";
    const name = point.name ? `${point.name}, ${kindName}` : kindName;
    const marker = L.marker([point.lat, point.lon], {
      icon: kindIcon(point.kind, kind && shapes[kind.shape]),
      title: name,
      keyboard: true,
      kind: point.kind,
    });
    marker.on("add", () => {
      const element = marker.getElement();
      if (element) element.setAttribute("aria-label", name);
    });
    marker.bindPopup(() => {
      const holder = document.createElement("div");
      holder.textContent = strings.loading;
      details(point.id)
        .then((data) => {
          holder.replaceChildren(popupContent(data, strings, newTab));
          focusPopupLink(holder);
        })
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
        const label = strings.zoomIn.replace("%s", cell.count.toLocaleString(strings.lang));
        const marker = L.marker([cell.lat, cell.lon], {
          icon: serverClusterIcon(cell.count, label),
          title: label,
          keyboard: true,
        });
        const open = () => map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
        marker.on("click", open);
        marker.on("keypress", (event) => {
          if (!isActivation(event)) return;
          event.originalEvent.preventDefault();
          open();
        });
        server.addLayer(marker);
      }
      return Promise.resolve();
    },
    fit(points) { // points or server clusters: both have lat and lon
      if (!points.length) return;
      const box = L.latLngBounds(points.map((p) => [p.lat, p.lon]));
      map.fitBounds(box, { maxZoom: 12, padding: [20, 20] });
    },
  };
}
