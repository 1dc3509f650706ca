"""Root URLs: French pages unprefixed, English under /en/."""

from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.db import transaction
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from aimf_innovation.api_docs import ApiDocsView
from aimf_innovation.media import serve_media

admin.site.site_header = _("innovations locales: administration")
admin.site.site_title = _("innovations locales")
admin.site.index_title = _("AIMF administration")
# The admin signs in through the site's login (rate-limited, e-mail verified).
admin.site.login = secure_admin_login(admin.site.login)

# Server errors: a 503 with Retry-After when the database is unreachable (ops.views).
handler500 = "ops.views.server_error"

urlpatterns = [
    # Health probes, outside the language prefixes: /healthz/ and /readyz/.
    path("", include("ops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("aimf_innovation.api_router")),
    # Open data: OGC API – Features, robots.txt, sitemap.xml, manifest, favicon.
    path("ogc/", include("opendata.ogc.urls")),
    path("", include("opendata.root_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("cities.urls")),
    path("", include("actors.urls")),
    path("", include("workshops.urls")),
    path("", include("stats.urls")),
    path("", include("innovations.urls")),
    # Sign-up in one transaction: the account and its queued confirmation e-mail are
    # stored together or not at all.
    path("accounts/signup/", transaction.atomic(allauth_views.signup), name="account_signup"),
    path("", include("revisions.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("partners.urls")),
    path("", include("opendata.urls")),
    path("admin/", admin.site.urls),
    # The API reference, a page of the site in both languages (Swagger UI: api:docs-swagger).
    path("api/v1/docs/", ApiDocsView.as_view(), name="api_docs"),
    prefix_default_language=False,
)

# Uploaded files, in production too, with safe content types (aimf_innovation/media.py);
# SERVE_MEDIA=0 when the proxy serves MEDIA_ROOT itself.
if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media, name="media"),
    ]
