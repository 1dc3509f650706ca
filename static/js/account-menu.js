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
