"""The language switcher's links: the same page in another language (its /en/ prefix)."""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_language(context, code: str) -> str:
    """The current page (query string kept) in language `code`, else that language's home.

    A plain link rather than a POST to set_language: the page then carries no CSRF token,
    so anonymous pages stay cacheable by a shared cache (aimf_innovation/http_cache.py).
    """
    request = context.get("request")
    current = request.get_full_path() if request is not None else "/"
    translated = translate_url(current, code)
    if translated != current or code == translation.get_language():
        return translated
    with translation.override(code):
        return reverse("actors:map")
