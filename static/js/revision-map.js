// The decision pages' small map: the published point (grey) and the proposed one (blue);
// a new entry's only point (blue) when there is nothing to compare.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("revision-map");
    if (!element || typeof L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.dataset.settings).textContent);
    var map = L.map(element, { maxZoom: data.maxZoom });
    L.tileLayer(data.tilesUrl, { attribution: data.attribution, maxZoom: data.maxZoom }).addTo(map);
    var points = [];
    if (data.before) {
      points.push(L.circleMarker(data.before, { color: data.after ? "#6b7280" : "#1f6feb", radius: 8 }).addTo(map).getLatLng());
    }
    if (data.after) {
      points.push(L.circleMarker(data.after, { color: "#1f6feb", radius: 8 }).addTo(map).getLatLng());
    }
    if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.5), { maxZoom: 15 });
  });
})();
