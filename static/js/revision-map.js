// The review page's small map: the published point (grey) and the proposed one (blue).
import { createMap } from "./map/leaflet-view.js";

const L = window.L;
const element = document.getElementById("revision-map");
if (element && L) {
  const data = JSON.parse(document.getElementById(element.dataset.settings).textContent);
  // Tiles, or the bundled basemap when they fail (or on a light connection).
  const map = createMap(element, data, null, { basemap: "on-error" });
  const before = L.circleMarker(data.before, { color: "#6b7280", radius: 8 }).addTo(map);
  const after = L.circleMarker(data.after, { color: "#1f6feb", radius: 8 }).addTo(map);
  map.fitBounds(L.latLngBounds([before.getLatLng(), after.getLatLng()]).pad(0.5), { maxZoom: 15 });
  element.dataset.state = "ready";
}
