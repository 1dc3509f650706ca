// The map's tools outside Leaflet: the city list narrowed to the chosen country, the
// share button, the fullscreen button. No Leaflet call here (see leaflet-view.js).

// Only the cities of the chosen country stay in the city list (all of them without one).
export function narrowCities(form, cityCountries) {
  const country = form.elements.country;
  const city = form.elements.city;
  if (!country || !city || !cityCountries) return;
  for (const option of city.options) {
    if (!option.value) continue;
    const hide = Boolean(country.value) && cityCountries[option.value] !== country.value;
    option.hidden = hide;
    option.disabled = hide;
  }
  if (city.selectedOptions[0] && city.selectedOptions[0].disabled) city.value = "";
}

// Copies a link to this view (filters and centre/zoom); shows it when copying fails.
export function setUpShare(wrap, { url, status, strings }) {
  const button = wrap.querySelector(".map-share");
  const output = wrap.querySelector(".map-share-url");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const link = url();
    if (output) {
      output.value = link;
      output.hidden = false;
    }
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = strings.linkCopied;
    } catch (error) {
      status.textContent = strings.linkShown;
      if (output) output.select();
    }
  });
}

// A hand-written fullscreen control on the map's wrapper (the Fullscreen API).
export function setUpFullscreen(wrap, onChange) {
  const button = wrap.querySelector(".map-fullscreen");
  if (!button || !document.fullscreenEnabled) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else wrap.requestFullscreen();
  });
  document.addEventListener("fullscreenchange", () => {
    button.setAttribute("aria-pressed", String(document.fullscreenElement === wrap));
    onChange();
  });
}

// The "light map" switch: tiles off (the bundled basemap only) or on.
export function setUpLightSwitch(wrap, { isLight, setLight }) {
  const button = wrap.querySelector(".map-light");
  if (!button) return;
  button.hidden = false;
  button.setAttribute("aria-pressed", String(isLight()));
  button.addEventListener("click", () => {
    setLight(!isLight());
    button.setAttribute("aria-pressed", String(isLight()));
  });
}

// The filters' panel (a <details>; an overlay on phones, see map.css): its button shows the
// live count ("Show 12 results") and closes the panel; Escape closes it too.
export function setUpFilterPanel(form, strings) {
  const panel = form.querySelector(".filter-panel");
  const done = panel && panel.querySelector(".filter-panel-done");
  if (!done) return { setCount() {}, refresh() {} };
  const button = done.querySelector("button");
  const summary = panel.querySelector("summary");
  done.hidden = false;
  const close = () => {
    panel.open = false;
    summary.focus();
  };
  button.addEventListener("click", close);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel.open) { event.preventDefault(); close(); }
  });
  // The folded panel's summary tells how many of its filters are on ("More filters (2 active)"),
  // so that a narrowed map explains itself on a phone.
  const active = summary.querySelector(".filter-panel-count");
  const refresh = () => {
    if (!active) return;
    const selects = [...panel.querySelectorAll("select")].filter((select) => select.value);
    const count = panel.querySelectorAll("input:checked").length + selects.length;
    active.textContent = count ? ` ${strings.activeText(count)}` : "";
    panel.classList.toggle("has-active", count > 0);
  };
  form.addEventListener("change", refresh);
  refresh();
  return {
    setCount(count) { button.textContent = strings.showText(count); },
    refresh,
  };
}

// The map/list switch. On the home map the list is built in place from the directory's
// page for the same filters; on a city or country page the list is the page's own section
// (data-list-target), and the switch only hides the map (phones; see map.css).
export function setUpListSwitch(wrap, { listUrl, params, status, strings, onShowMap }) {
  const group = wrap.querySelector(".map-switch");
  if (!group) return { refresh() {} };
  const buttons = group.querySelectorAll("button");
  const list = wrap.querySelector(".map-list");
  const items = list && list.querySelector(".map-list-items");
  let request = null;
  group.hidden = false;
  wrap.dataset.show = "map";

  async function fill() {
    if (!items) return;
    if (request) request.abort();
    request = new AbortController();
    const query = params().toString();
    const url = `${listUrl}${query ? `?${query}` : ""}`;
    try {
      const response = await fetch(url, { signal: request.signal, headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const results = page.querySelector("ol.results");
      const count = page.querySelector("#results-heading");
      const more = document.createElement("p");
      const link = document.createElement("a");
      link.href = url;
      link.textContent = strings.directory;
      more.append(link);
      items.replaceChildren(...[count && count.textContent.trim(), results].filter(Boolean).map((node) => {
        if (typeof node !== "string") return document.adoptNode(node);
        const heading = document.createElement("p");
        heading.className = "result-count";
        heading.textContent = node;
        return heading;
      }), more);
    } catch (error) {
      if (error.name === "AbortError") return;
      items.textContent = strings.listError;
    }
  }

  async function show(mode) {
    wrap.dataset.show = mode;
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.show === mode));
    if (list) list.hidden = mode !== "list";
    if (mode === "list") {
      await fill();
      status.textContent = strings.listShown;
    } else {
      onShowMap();
      status.textContent = strings.mapShown;
    }
  }

  for (const button of buttons) {
    button.addEventListener("click", () => {
      if (wrap.dataset.show !== button.dataset.show) show(button.dataset.show);
    });
  }
  return {
    refresh() { if (wrap.dataset.show === "list") fill(); },
  };
}
