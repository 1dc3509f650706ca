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
