// Filter state <-> URL: the query string holds the filters (the same parameters as the
// plain GET form), the hash holds the map view ("#map=zoom/lat/lon").

export function formParams(form) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (value !== "") params.append(name, value);
  }
  return params;
}

export function fillForm(form, params) {
  for (const element of form.elements) {
    if (!element.name) continue;
    const values = params.getAll(element.name);
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = values.includes(element.value);
    } else if (element.tagName === "SELECT" || element.tagName === "INPUT") {
      element.value = values[0] || "";
    }
  }
}

export function readView(hash) {
  const match = /map=(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)/.exec(hash || "");
  if (!match) return null;
  const [zoom, lat, lon] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (zoom > 22 || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

export function viewHash(view) {
  return `#map=${view.zoom}/${view.lat.toFixed(4)}/${view.lon.toFixed(4)}`;
}

export function pageUrl(params, view) {
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ""}${view ? viewHash(view) : ""}`;
}
