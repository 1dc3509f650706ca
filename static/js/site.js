// Site-wide enhancements; every page works without them.
// The account menu is a <details> disclosure (works without JavaScript); this adds
// Escape to close it (focus back on its button) and closing on a click elsewhere.
for (const menu of document.querySelectorAll("[data-account-menu]")) {
  const summary = menu.querySelector("summary");
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
}

// A form's error summary takes the focus on load; its links move the focus to their field
// (a fragment link alone only scrolls).
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    (document.querySelector(`label[for="${field.id}"]`) || field).scrollIntoView({block: "center"});
  });
}
