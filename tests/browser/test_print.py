"""The print stylesheet: content only, black on white, link addresses shown."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/actors/my-human-kit/", "/cities/yaounde/",
                                  "/workshops/namur-2021-villes-et-acteurs-de-linnovation/"])
def test_printed_pages_show_content_only(page, demo_data, path):
    page.goto(path)
    page.emulate_media(media="print")
    assert not page.locator(".primary-nav").is_visible()
    assert not page.locator(".language-switcher").is_visible()
    for hidden in ("form.filters", ".leaflet-control-container"):
        assert all(not element.is_visible() for element in page.locator(hidden).all())
    colours = page.evaluate("""() => {
        const style = getComputedStyle(document.querySelector('main h1'));
        return [style.color, getComputedStyle(document.body).backgroundColor];
    }""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    link = page.locator("main a[href]:not([href^='#'])").first
    after = link.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
