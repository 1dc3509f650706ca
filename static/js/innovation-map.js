// The map of an innovation: its city of origin and the cities where it was adapted,
// joined by lines coloured by direction (North → South, ...). The data comes from the
// innovation's map endpoint (data-feed); tiles and extent from the `map-config` script.
// The table under the map gives the same information without JavaScript.
import { createMap } from "./map/leaflet-view.js";

const L = window.L;

function popup(lines) {
  const box = document.createElement("div");
  lines.filter(Boolean).forEach((text, index) => {
    const line = document.createElement(index === 0 ? "strong" : "p");
    line.textContent = text;
    box.appendChild(line);
  });
  return box;
}

function draw(element, config, data) {
  // Tiles, or the bundled basemap when they fail (or on a light connection).
  const map = createMap(element, config, null, { basemap: "on-error" });
  const origin = L.latLng(data.origin.lat, data.origin.lon);
  const bounds = L.latLngBounds([origin]);
  L.circleMarker(origin, { radius: 9, weight: 3, color: "#1f1f1f", fillColor: "#E69F00", fillOpacity: 1, className: "forge-origin" })
    .bindPopup(popup([data.origin.title, `${element.dataset.labelOrigin} : ${data.origin.city}, ${data.origin.country}`]))
    .addTo(map);
  data.adaptations.forEach((item) => {
    const point = L.latLng(item.lat, item.lon);
    bounds.extend(point);
    L.polyline([origin, point], { weight: 3, className: `forge-line forge-line-${item.direction}` }).addTo(map);
    L.circleMarker(point, { radius: 7, weight: 2, color: "#1f1f1f", fillColor: "#ffffff", fillOpacity: 1, className: "forge-adaptation" })
      .bindPopup(popup([item.actor, `${item.city}, ${item.country}`, item.directionLabel, item.progress]))
      .addTo(map);
  });
  if (data.adaptations.length) map.fitBounds(bounds.pad(0.3), { maxZoom: 8 });
  else map.setView(origin, 6);
  element.dataset.state = "ready";
}

const element = document.getElementById("innovation-map");
if (element && L) {
  const config = JSON.parse(document.getElementById(element.dataset.settings).textContent);
  const status = document.getElementById(element.dataset.status);
  fetch(element.dataset.feed, { headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then((data) => draw(element, config, data))
    .catch(() => {
      element.dataset.state = "error";
      if (status) status.textContent = element.dataset.errorText || "—";
    });
}
