// The map of an innovation: its city of origin and the cities where it was adapted,
// joined by lines coloured by direction (North → South, ...). The data comes from the
// innovation's map endpoint (data-feed); tiles and extent from the `map-config` script.
// The table under the map gives the same information without JavaScript.
(function () {
  "use strict";

  function popup(lines) {
    var box = document.createElement("div");
    lines.filter(Boolean).forEach(function (text, index) {
      var line = document.createElement(index === 0 ? "strong" : "p");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function draw(element, config, data) {
    var map = L.map(element, { maxZoom: config.maxZoom, minZoom: config.minZoom, worldCopyJump: true, texts: config.controls });
    L.tileLayer(config.tilesUrl, { attribution: config.attribution, maxZoom: config.maxZoom }).addTo(map);
    var origin = L.latLng(data.origin.lat, data.origin.lon);
    var bounds = L.latLngBounds([origin]);
    L.circleMarker(origin, { radius: 9, weight: 3, color: "#1f1f1f", fillColor: "#E69F00", fillOpacity: 1, className: "forge-origin" })
      .bindPopup(popup([data.origin.title, element.dataset.labelOrigin + " : " + data.origin.city + ", " + data.origin.country]))
      .addTo(map);
    data.adaptations.forEach(function (item) {
      var point = L.latLng(item.lat, item.lon);
      bounds.extend(point);
      L.polyline([origin, point], { weight: 3, className: "forge-line forge-line-" + item.direction }).addTo(map);
      L.circleMarker(point, { radius: 7, weight: 2, color: "#1f1f1f", fillColor: "#ffffff", fillOpacity: 1, className: "forge-adaptation" })
        .bindPopup(popup([item.actor, item.city + ", " + item.country, item.directionLabel, item.progress]))
        .addTo(map);
    });
    if (data.adaptations.length) map.fitBounds(bounds.pad(0.3), { maxZoom: 8 });
    else map.setView(origin, 6);
    element.dataset.state = "ready";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("innovation-map");
    if (!element || !window.L) return;
    var config = JSON.parse(document.getElementById(element.dataset.settings).textContent);
    var status = document.getElementById(element.dataset.status);
    fetch(element.dataset.feed, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) { draw(element, config, data); })
      .catch(function () {
        element.dataset.state = "error";
        if (status) status.textContent = element.dataset.errorText || "—";
      });
  });
})();
