"""`{% page_meta %}`: canonical, hreflang, OpenGraph/Twitter and JSON-LD of the page."""

from django import template

from opendata.metadata import page_meta as build_page_meta

register = template.Library()


@register.inclusion_tag("partials/page_meta.html", takes_context=True)
def page_meta(context):
    request = context.get("request")
    if request is None:
        return {}
    return {"meta": build_page_meta(request, context.get("object"))}
