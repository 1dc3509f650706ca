"""The map with the keyboard only: skip link, clusters as buttons, named markers, popups."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def active(page, attribute):
    return page.evaluate(f"document.activeElement.getAttribute({attribute!r})")


def wait_until(page, expression, timeout=5000):
    """Poll a JS expression (page.wait_for_function would need eval, which the CSP forbids)."""
    for _ in range(timeout // 100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def active_has(page, css_class):
    return page.evaluate(f"document.activeElement.classList.contains({css_class!r})")


# The focus after opening a cluster: another marker or cluster, on the map and in its view.
OPENED = """() => {
  const el = document.activeElement;
  const map = document.getElementById("actor-map");
  if (el === window.openedCluster || !el.isConnected || !map.contains(el)) return false;
  const kind = el.classList;
  if (!kind.contains("kind-marker") && !kind.contains("marker-cluster")) return false;
  const box = el.getBoundingClientRect(), view = map.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  return x >= view.left && x <= view.right && y >= view.top && y <= view.bottom;
}"""


# What the page looked like when the focus did not land (the failure's message), with
# the last focus moves, key presses and removals of the focused element (RECORDER).
FOCUS_STATE = """() => ({ focused: document.activeElement.outerHTML.slice(0, 120),
  hash: location.hash, mapState: document.querySelector('#actor-map').dataset.state,
  clusters: document.querySelectorAll('#actor-map .marker-cluster').length,
  markers: document.querySelectorAll('#actor-map .kind-marker').length,
  animating: document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim') !== null,
  log: (window.focusLog || []).slice(-30) })"""

RECORDER = """() => {
  const log = window.focusLog = [];
  const at = () => Math.round(performance.now());
  const name = (el) => {
    if (!el) return "none";
    if (el.id) return `#${el.id}`;
    const label = el.getAttribute && el.getAttribute("aria-label");
    return label ? `[${label.slice(0, 40)}]` : el.tagName;
  };
  let focused = null;
  document.addEventListener("focusin", (e) => {
    focused = e.target;
    log.push(`${at()} focus ${name(e.target)}`);
  }, true);
  document.addEventListener("keydown", (e) => {
    log.push(`${at()} key ${e.key} on ${name(e.target)} ${location.hash}`);
  }, true);
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.removedNodes) {
      if (node === focused || (node.contains && node.contains(focused))) {
        log.push(`${at()} removed focused ${name(focused)} (now ${name(document.activeElement)})`);
      }
    }
  }).observe(document.getElementById("actor-map"), { childList: true, subtree: true });
}"""


# Slowed six times, as a low-end phone: the map's animations last longer than the key presses.
@pytest.mark.parametrize("slowdown", [1, 6])
def test_keyboard_only_cluster_then_popup_then_actor_page(page, demo_data, slowdown):
    if slowdown > 1:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    page.evaluate(RECORDER)
    # The skip link reaches the map in a few key presses, whatever the filters' length.
    for _ in range(5):
        page.keyboard.press("Tab")
        if active(page, "href") == "#actor-map":
            break
    assert active(page, "href") == "#actor-map"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "actor-map"

    focused = None
    for _ in range(30):  # at world view most actors are in clusters, among the first items
        page.keyboard.press("Tab")
        # Read in one go: the clusters are redrawn when a focused one pans the map.
        focused = page.evaluate("""() => { const el = document.activeElement;
            return { cluster: el.classList.contains('marker-cluster'),
                     role: el.getAttribute('role'), label: el.getAttribute('aria-label') }; }""")
        if focused["cluster"]:
            break
    assert focused["cluster"]
    assert focused["role"] == "button"
    label = focused["label"]
    assert re.match(r"\d+ acteurs : .+ \(\d+\)", label), label

    for step in range(8):  # Enter or Space opens clusters until an actor's marker has the focus
        if active_has(page, "kind-marker"):
            break
        page.evaluate("window.openedCluster = document.activeElement")
        page.keyboard.press("Enter" if step % 2 == 0 else " ")
        # Once the zoom and the clusters' animation end, the focus is on an actor or on a
        # smaller cluster; on a busy machine (or a slow phone) that takes a while: wait for it.
        try:
            page.wait_for_function(OPENED, timeout=15_000)
        except Exception as error:
            raise AssertionError(page.evaluate(FOCUS_STATE)) from error
        # ... and it stays there: an element animated away would drop it to the page's top.
        page.wait_for_timeout(800)
        assert page.evaluate(OPENED), page.evaluate("document.activeElement.outerHTML")
    assert active_has(page, "kind-marker")
    marker_label = active(page, "aria-label")
    assert ", " in marker_label  # "Name, kind"

    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup a.popup-title")
    wait_until(page, "document.activeElement.classList.contains('popup-title')")
    name = page.evaluate("document.activeElement.textContent")
    assert marker_label.startswith(name)

    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert active(page, "aria-label") == marker_label  # the focus is back on the marker

    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.classList.contains('popup-title')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/actors/[\w-]+/$"))
    assert page.locator("h1").inner_text() == name
    assert not page.console_errors


def test_the_skip_link_to_the_map_neither_reloads_nor_redraws_its_markers(page, demo_data):
    """Following the skip link is a history entry (a popstate): it once fetched the feed
    again and redrew every marker, taking the focus from a keyboard user who had just
    tabbed onto one."""
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    feeds = []
    page.on("request", lambda request: "/map/feed/" in request.url and feeds.append(request))
    page.evaluate("window.drawn = [...document.querySelectorAll('.leaflet-marker-icon')]")
    for _ in range(5):
        page.keyboard.press("Tab")
        if active(page, "href") == "#actor-map":
            break
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.wait_for_timeout(1500)
    assert feeds == []
    assert page.evaluate("window.drawn.length > 0 && window.drawn.every((el) => el.isConnected)")
    assert page.evaluate("document.getElementById('actor-map').contains(document.activeElement)")
    # (A change of filters through the history still reloads the map: test_map.py.)


def test_arrow_keys_pan_the_focused_map(page, demo_data):
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    page.focus("#actor-map")
    before = page.evaluate("window.location.hash")
    page.keyboard.press("ArrowRight")
    wait_until(page, f"window.location.hash !== {before!r}")


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast_on_white(colour):
    rgb = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]
    return 1.05 / (_luminance(rgb) + 0.05)


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return { what: el.outerHTML.slice(0, 80), style: style.outlineStyle,
           width: parseFloat(style.outlineWidth), colour: style.outlineColor };
}"""


@pytest.mark.parametrize("path", ["/", "/actors/"])
def test_every_focus_ring_is_visible_with_3_to_1_contrast(page, demo_data, path):
    page.goto(path)
    if path == "/":
        page.wait_for_selector("#actor-map[data-state=ready]")
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["what"] in seen:
            continue
        seen.add(focus["what"])
        assert focus["style"] != "none" and focus["width"] >= 2, focus
        assert _contrast_on_white(focus["colour"]) >= 3, focus
    assert len(seen) > 30
