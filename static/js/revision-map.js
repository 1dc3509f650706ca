// The decision pages' small map: the published point (grey) and the proposed one (blue);
// a new entry's only point (blue) when there is nothing to compare.
import { createMap } from "./map/leaflet-view.js";

const L = window.L;
const element = document.getElementById("revision-map");
if (element && L) {
  const data = JSON.parse(document.getElementById(element.dataset.settings).textContent);
  // Tiles, or the bundled basemap when they fail (or on a light connection).
  const map = createMap(element, data, null, { basemap: "on-error" });
  const points = [];
  if (data.before) {
    const colour = data.after ? "#6b7280" : "#1f6feb";
    points.push(L.circleMarker(data.before, { color: colour, radius: 8 }).addTo(map).getLatLng());
  }
  if (data.after) {
    points.push(L.circleMarker(data.after, { color: "#1f6feb", radius: 8 }).addTo(map).getLatLng());
  }
  if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.5), { maxZoom: 15 });
  element.dataset.state = "ready";
}
