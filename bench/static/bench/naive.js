// Baseline: fetch every actor as full GeoJSON, put all of them in one markercluster layer.
(async function () {
  const map = L.map("map").setView([20, 10], 2);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", { maxZoom: 19 }).addTo(map);
  const data = await (await fetch("/bench/naive.geojson")).json();
  const layer = L.markerClusterGroup();
  L.geoJSON(data, {
    onEachFeature: (feature, marker) => marker.bindPopup(feature.properties.name),
  }).eachLayer((marker) => layer.addLayer(marker));
  map.addLayer(layer);
  document.getElementById("map").dataset.state = "ready";
})();
