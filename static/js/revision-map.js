// The review page's small map: the published point (grey) and the proposed one (blue).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("revision-map");
    if (!element || typeof L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.dataset.settings).textContent);
    var map = L.map(element, { maxZoom: data.maxZoom, texts: data.controls });
    L.tileLayer(data.tilesUrl, { attribution: data.attribution, maxZoom: data.maxZoom }).addTo(map);
    var before = L.circleMarker(data.before, { color: "#6b7280", radius: 8 }).addTo(map);
    var after = L.circleMarker(data.after, { color: "#1f6feb", radius: 8 }).addTo(map);
    map.fitBounds(L.latLngBounds([before.getLatLng(), after.getLatLng()]).pad(0.5), { maxZoom: 15 });
  });
})();
