// A Leaflet map bound to latitude/longitude inputs (admin change forms, the registration
// form). Clicking the map or dragging the marker writes the inputs; typing in them moves
// the marker. With data-city-input and data-city-centres (the id of a JSON script of
// {city id: [lat, lon]}), the map centres on the chosen city until a point is placed.
// Tiles, or the bundled basemap when they fail (or on a light connection).
import { createMap } from "./map/leaflet-view.js";

const L = window.L;

function round(value) {
  return Math.round(value * 1e6) / 1e6;
}

function init(element) {
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var latInput = document.getElementById(element.dataset.latitudeInput);
  var lonInput = document.getElementById(element.dataset.longitudeInput);
  if (!latInput || !lonInput) return;

  var map = createMap(element, config, null, { basemap: "on-error" });
  var marker = null;

  function current() {
    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    if (isNaN(lat) || isNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
    return L.latLng(lat, lon);
  }

  function place(latlng, write) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: true, alt: config.controls.marker }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng(), true); });
    } else {
      marker.setLatLng(latlng);
    }
    if (write) {
      latInput.value = round(latlng.lat);
      lonInput.value = round(latlng.lng);
    }
  }

  var cityInput = element.dataset.cityInput && document.getElementById(element.dataset.cityInput);
  var centresScript = element.dataset.cityCentres && document.getElementById(element.dataset.cityCentres);
  var centres = centresScript ? JSON.parse(centresScript.textContent) : {};
  function cityCentre() {
    return cityInput && centres[cityInput.value] ? L.latLng(centres[cityInput.value]) : null;
  }

  var start = current();
  if (start) {
    place(start, false);
    map.setView(start, 13);
  } else if (cityCentre()) {
    map.setView(cityCentre(), 12);
  } else {
    map.setView(config.center, config.zoom);
  }
  if (cityInput) {
    cityInput.addEventListener("change", function () {
      if (!marker && cityCentre()) map.setView(cityCentre(), 12);
    });
  }
  map.on("click", function (event) { place(event.latlng, true); });
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var point = current();
      if (!point) return;
      place(point, false);
      if (!map.getBounds().contains(point)) map.panTo(point);
    });
  });
}

document.querySelectorAll(".location-map").forEach(init);
