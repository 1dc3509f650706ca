// Leaflet's own texts in the page's language: the zoom buttons, the popup close button and
// the attribution prefix. The texts come with every map's configuration (cities/maps.py,
// "controls"); a map created with the option `texts: config.controls` gets them.
// Load right after leaflet.js, before any map is made.
(function () {
  "use strict";
  var L = window.L;
  if (!L) return;

  function label(element, text) {
    if (!element || !text) return;
    element.title = text;
    element.setAttribute("aria-label", text);
  }

  function escapeAttribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  // Runs after Leaflet's own hooks, so the zoom and attribution controls exist.
  L.Map.addInitHook(function () {
    var texts = this.options.texts;
    if (!texts) return;
    if (this.zoomControl) {
      var zoom = this.zoomControl.getContainer();
      label(zoom.querySelector(".leaflet-control-zoom-in"), texts.zoomIn);
      label(zoom.querySelector(".leaflet-control-zoom-out"), texts.zoomOut);
    }
    if (this.attributionControl && texts.leaflet) {
      var prefix = this.attributionControl.options.prefix;
      if (typeof prefix === "string") {
        this.attributionControl.setPrefix(
          prefix.replace(/title="[^"]*"/, 'title="' + escapeAttribute(texts.leaflet) + '"'));
      }
    }
    this.on("popupopen", function (event) {
      var element = event.popup.getElement();
      var close = element && element.querySelector(".leaflet-popup-close-button");
      label(close, texts.closePopup);
    });
  });
})();
