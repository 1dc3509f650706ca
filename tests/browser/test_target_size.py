"""Touch targets on a 390 px phone screen, on every page (WCAG 2.2, 2.5.8 target size):
every control is at least 24x24 CSS px, or its 24 px circle touches no other control
(the spacing exception); links inside a sentence are exempt (the inline exception).
Checkboxes and radio buttons get no spacing exception: they are 24x24 themselves."""

import pytest

from tests.browser.conftest import BLANK_TILE, sign_in
from tests.every_page import PUBLIC, official_pages

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_TARGETS = """(scope) => {
  const MIN = 24;
  const root = scope ? document.querySelector(scope) : document;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [tabindex]:not([tabindex="-1"])';
  const shown = (el) => {
    // Not inside a closed <details> (content-visibility), not display:none, not hidden.
    if (!el.checkVisibility({ checkVisibilityCSS: true })) return false;
    const box = el.getBoundingClientRect();
    // Off-screen (skip links) or clipped to 1 px (visually hidden): not a target to touch.
    return box.width > 1 && box.height > 1 && box.right > 0 && box.left < innerWidth;
  };
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block && block.innerText.trim() !== el.innerText.trim();
  };
  const targets = [...root.querySelectorAll(selector)].filter(shown).map((el) => {
    const box = el.getBoundingClientRect();
    const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
      .trim().slice(0, 40);
    return { el, box, name, x: box.left + box.width / 2, y: box.top + box.height / 2,
             small: box.width < MIN - 0.5 || box.height < MIN - 0.5 };
  });
  // A circle of 24 px around a small target must touch no other target (its box), nor the
  // circle of another small target.
  const touchesBox = (t, o) => {
    const dx = Math.max(o.box.left - t.x, 0, t.x - o.box.right);
    const dy = Math.max(o.box.top - t.y, 0, t.y - o.box.bottom);
    return dx * dx + dy * dy < (MIN / 2) ** 2;
  };
  const touchesCircle = (t, o) => (t.x - o.x) ** 2 + (t.y - o.y) ** 2 < MIN ** 2;
  const failures = [];
  for (const t of targets) {
    if (!t.small || inSentence(t.el)) continue;
    const strict = t.el.type === 'checkbox' || t.el.type === 'radio';
    const crowded = targets.find((o) => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el)
      && (touchesBox(t, o) || (o.small && touchesCircle(t, o))));
    if (strict || crowded) {
      const what = t.el.tagName.toLowerCase() + (t.el.type ? `[${t.el.type}]` : '')
        + (typeof t.el.className === 'string' && t.el.className
          ? '.' + t.el.className.split(' ')[0] : '');
      failures.push(`${what} "${t.name}" ${Math.round(t.box.width)}x${Math.round(t.box.height)}`
        + (crowded ? `, too close to "${crowded.name}"` : ''));
    }
  }
  return failures;
}"""


# Panels drawn over the page: the account menu, the filters' panel on a phone.
OVERLAYS = ".account-menu, .filters.live .filter-panel"


def _check(page, paths, failures):
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if page.locator("[data-map=actors]").count():
            page.wait_for_selector("[data-map=actors][data-state=ready]")
        # Folded parts (filters, legend, themes) count too: open them all, except the panels
        # drawn over the page, checked alone (what they cover cannot be touched).
        page.evaluate(f"document.querySelectorAll('details').forEach((d) => {{ "
                      f"d.open = !d.matches({OVERLAYS!r}); }})")
        failures.extend(f"{path}: {failure}" for failure in page.evaluate(SMALL_TARGETS))
        for overlay in OVERLAYS.split(", "):
            if page.locator(overlay).count():
                page.evaluate(f"document.querySelector({overlay!r}).open = true")
                failures.extend(f"{path} ({overlay} open): {failure}"
                                for failure in page.evaluate(SMALL_TARGETS, overlay))
                page.evaluate(f"document.querySelector({overlay!r}).open = false")


@pytest.mark.timeout(900)
def test_every_target_is_at_least_24px_or_spaced_on_a_phone(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(
        status=200, content_type="image/png", body=BLANK_TILE))
    failures = []
    _check(page, PUBLIC, failures)
    official, signed_in = official_pages()
    sign_in(page, official, next_url="/accounts/profile/")
    _check(page, signed_in, failures)
    context.close()
    assert failures == [], "\n".join(failures)
