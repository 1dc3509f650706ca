// The actors' map: wires the filter form, the URL, the feed and the Leaflet view.
import { fetchDetails, fetchFeed } from "./feed.js";
import { fillForm, formParams, pageUrl, readView } from "./state.js";
import * as view from "./leaflet-view.js";
import {
  narrowCities, setUpFilterPanel, setUpFullscreen, setUpLightSwitch, setUpListSwitch, setUpShare,
} from "./tools.js";

function plural(strings, count, singular, several) {
  const many = strings.lang === "fr" ? count > 1 : count !== 1;
  return (many ? several : singular).replace("%s", count.toLocaleString(strings.lang));
}

function countText(strings, count) {
  return plural(strings, count, strings.countSingular, strings.countPlural);
}

function debounce(fn, delay) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), delay); };
}

function start(element) {
  const settings = JSON.parse(document.getElementById(element.dataset.settings).textContent);
  const strings = settings.strings;
  strings.countText = (count) => countText(strings, count);
  strings.showText = (count) => plural(strings, count, strings.showSingular, strings.showPlural);
  strings.activeText = (count) => plural(strings, count, strings.activeSingular, strings.activePlural);
  const form = document.getElementById("actor-filters");
  const countElement = document.getElementById("result-count");
  const listLink = document.getElementById("list-link");
  const status = element.parentElement.querySelector(".map-status");
  const fixed = new URLSearchParams(settings.fixedParams || {});
  const startView = readView(window.location.hash);
  // The basemap comes after the first markers: on a slow connection it would delay them.
  const map = view.createMap(element, settings, startView, { basemap: "later" });
  const layer = view.createActorLayer(map, {
    kinds: settings.kinds,
    shapes: settings.shapes,
    strings,
    newTab: Boolean(settings.embed),
    details: (id) => fetchDetails(settings.detailUrl, id),
  });
  let complete = false;
  const empty = element.parentElement.querySelector(".map-empty");
  const placed = ["city", "country"].some((name) => filters().has(name));
  let needsFit = !startView && (settings.fitToResults || placed);
  const panel = form ? setUpFilterPanel(form, strings) : { setCount() {}, refresh() {} };
  const currentParams = () => (form ? formParams(form) : new URLSearchParams(window.location.search));
  const listSwitch = setUpListSwitch(element.parentElement, {
    listUrl: settings.listUrl,
    params: filters,
    status,
    strings,
    onShowMap: () => view.refreshSize(map),
  });

  function filters() {
    const params = form ? formParams(form) : new URLSearchParams(window.location.search);
    for (const [name, value] of fixed) params.set(name, value);
    return params;
  }

  let basemapShown = false;
  function showBasemap() {
    if (basemapShown) return;
    basemapShown = true;
    view.showBasemap(map);
  }

  let loaded = null; // the filters of the latest load
  async function load(useViewport) {
    loaded = filters().toString();
    status.textContent = strings.loading;
    element.dataset.state = "loading";
    // A keyboard user on a marker or cluster stays in the map when its markers are redrawn.
    const focusInside = element.contains(document.activeElement) && document.activeElement !== element;
    try {
      const feed = await fetchFeed(settings.feedUrl, filters(), {
        zoom: map.getZoom(),
        bbox: useViewport ? view.viewport(map) : null,
      });
      complete = feed.complete;
      // The still first view (first-view.js) leaves the accessibility tree and the focus
      // order as the markers come, and the page once they are drawn.
      const still = element.querySelector(".first-view");
      if (still) {
        still.inert = true;
        still.setAttribute("aria-hidden", "true");
      }
      if (feed.mode === "points") await layer.showPoints(feed.points);
      else await layer.showClusters(feed.clusters);
      if (still) still.remove();
      if (focusInside && !element.contains(document.activeElement)) element.focus({ preventScroll: true });
      if (countElement) countElement.textContent = countText(strings, feed.total);
      panel.setCount(feed.total);
      if (empty) empty.hidden = feed.total !== 0;
      if (needsFit && (feed.points.length || feed.clusters.length)) {
        needsFit = false;
        layer.fit(feed.mode === "points" ? feed.points : feed.clusters);
      }
      status.textContent = "";
      // Read by the browser tests and the benchmarks.
      element.dataset.mode = feed.mode;
      element.dataset.total = String(feed.total);
      element.dataset.state = "ready";
      showBasemap();
    } catch (error) {
      if (error.name === "AbortError") return;
      console.error(error);
      status.textContent = strings.error;
      element.dataset.state = "error";
      showBasemap();
    }
  }

  function applyFilters(event) {
    // Choosing a place fits the map to what it holds.
    if (event && ["country", "city"].includes(event.target.name)) {
      needsFit = true;
      if (event.target.name === "country") narrowCities(form, settings.cityCountries);
    }
    panel.refresh();
    const params = formParams(form);
    window.history.pushState(null, "", pageUrl(params, view.currentView(map)));
    if (listLink) listLink.search = params.toString();
    load(!complete);
    listSwitch.refresh();
  }

  if (form) {
    form.addEventListener("submit", (event) => { event.preventDefault(); applyFilters(); });
    form.addEventListener("change", (event) => { if (event.target.type !== "search") applyFilters(event); });
    narrowCities(form, settings.cityCountries);
    form.classList.add("live");
    // On a phone the filters start folded, so that the map is in the first screen.
    const details = form.querySelector(".filter-panel");
    if (details && window.matchMedia("(max-width: 600px)").matches) details.open = false;
    const clear = empty && empty.querySelector("button");
    if (clear) {
      clear.addEventListener("click", () => {
        fillForm(form, new URLSearchParams());
        narrowCities(form, settings.cityCountries);
        applyFilters();
        form.querySelector("input, select").focus();
      });
    }
    form.addEventListener("input", debounce((event) => {
      if (event.target.type === "search") applyFilters();
    }, 350));
    window.addEventListener("popstate", () => {
      fillForm(form, new URLSearchParams(window.location.search));
      panel.refresh();
      const saved = readView(window.location.hash);
      if (saved) view.setView(map, saved);
      if (listLink) listLink.search = formParams(form).toString();
      // Following an in-page link (the skip link to the map) is a history entry too: the
      // markers are fetched and redrawn again only when the filters changed, not under
      // the focus of a keyboard user who has just reached the map.
      if (filters().toString() !== loaded) load(!complete);
      listSwitch.refresh();
    });
  }

  view.onMoveEnd(map, debounce(() => {
    window.history.replaceState(null, "", pageUrl(currentParams(), view.currentView(map)));
    if (!complete) load(true);
  }, 250));

  const locateButton = element.parentElement.querySelector(".locate");
  if (locateButton && "geolocation" in navigator) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", () => view.locate(map, () => {
      status.textContent = strings.locateError;
    }));
  }

  setUpShare(element.parentElement, {
    url: () => new URL(pageUrl(currentParams(), view.currentView(map)), window.location.href).href,
    status,
    strings,
  });
  setUpFullscreen(element.parentElement, () => view.refreshSize(map));
  setUpLightSwitch(element.parentElement, {
    isLight: () => view.isLight(map),
    setLight: (light) => view.setLight(map, light),
  });

  // A shared link's view loads just its viewport; the default view hits the shared cache.
  load(Boolean(startView));
}

document.querySelectorAll("[data-map=actors]").forEach(start);
