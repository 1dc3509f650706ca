"""The open data page (downloads, API, keys, QGIS, embed generator), robots.txt, the web
app manifest and the favicon."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from actors.models import Actor
from opendata.forms import EmbedForm, embed_base_urls, embed_code, embed_titles, embed_url


class OpenDataView(TemplateView):
    """What the data is, its licence, how to download it, read it in code or in a GIS,
    and embed its map."""

    template_name = "opendata/open_data.html"

    def get_context_data(self, **kwargs):
        request = self.request
        form = EmbedForm(request.GET or {})
        choices = form.choices()
        context = {
            "form": form,
            "licence": settings.DATA_LICENCE,
            "attributions": settings.DATA_ATTRIBUTIONS,
            "publisher": settings.DATA_PUBLISHER,
            "actor_count": Actor.objects.published().count(),
            "ogc_url": request.build_absolute_uri(reverse("ogc:landing")),
            "api_url": request.build_absolute_uri(reverse("api:api-root")),
            "embed_config": {"bases": embed_base_urls(request), "titles": embed_titles()},
        }
        if choices:
            url = embed_url(request, choices)
            context.update(embed_url=url, embed_height=choices["height"],
                           embed_code=embed_code(url, height=choices["height"],
                                                 language=choices["language"]))
        return super().get_context_data(**context, **kwargs)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    private = ["/admin/", "/accounts/", "/moderation/", "/my/"]
    lines = ["User-agent: *"]
    for path in private:
        lines += [f"Disallow: {path}", f"Disallow: /en{path}"]
    lines += ["Allow: /", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def manifest(request):
    return JsonResponse({
        "name": _("innovations locales (AIMF)"),
        "short_name": _("innovations locales"),
        "description": _("The map of local innovation actors in the cities of the AIMF."),
        "start_url": reverse("actors:map"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }, content_type="application/manifest+json")


@require_GET
def favicon(request):
    path = finders.find("img/favicon.ico")
    if path is None:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = "max-age=86400"
    return response
