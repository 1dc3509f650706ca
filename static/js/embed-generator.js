// The embed generator of the open data page: the code and the preview follow the form as
// it changes (without JavaScript, the form is submitted and the server shows the same).
const form = document.getElementById("embed-form");
const configElement = document.getElementById("embed-config");

function embedUrl(config, data) {
  const params = new URLSearchParams();
  if (data.get("country")) params.append("country", data.get("country"));
  if (data.get("city")) params.append("city", data.get("city"));
  for (const kind of data.getAll("kind")) params.append("kind", kind);
  const base = config.bases[data.get("language")] || Object.values(config.bases)[0];
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

function escapeAttribute(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function clampHeight(value) {
  const height = Number.parseInt(value, 10);
  if (Number.isNaN(height)) return 450;
  return Math.min(1200, Math.max(200, height));
}

function update(config) {
  const data = new FormData(form);
  const url = embedUrl(config, data);
  const height = clampHeight(data.get("height"));
  const language = data.get("language");
  const title = config.titles[language] || "";
  const code = `<iframe src="${escapeAttribute(url)}" title="${escapeAttribute(title)}" ` +
    `width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`;
  document.getElementById("embed-code").value = code;
  const preview = document.getElementById("embed-preview");
  if (preview.getAttribute("src") !== url) preview.setAttribute("src", url);
  preview.setAttribute("height", String(height));
  const params = new URLSearchParams(data);
  history.replaceState(null, "", `?${params.toString()}#embed`);
}

if (form && configElement) {
  const config = JSON.parse(configElement.textContent);
  // No result block when the submitted form was invalid: the server shows the errors.
  if (document.querySelector(".embed-result")) {
    form.addEventListener("input", () => update(config));
    form.addEventListener("change", () => update(config));
    const copy = document.getElementById("embed-copy");
    const copied = document.getElementById("embed-copied");
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      const textarea = document.getElementById("embed-code");
      try {
        await navigator.clipboard.writeText(textarea.value);
      } catch {
        textarea.select();
        document.execCommand("copy");
      }
      copied.textContent = copied.dataset.copied;
    });
  }
}
