"""Root URLs: French pages unprefixed, English under /en/."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("innovations locales: administration")
admin.site.site_title = _("innovations locales")
admin.site.index_title = _("AIMF administration")
# The admin signs in through the site's login (rate-limited, e-mail verified).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("aimf_innovation.api_router")),
]

urlpatterns += i18n_patterns(
    path("", include("cities.urls")),
    path("", include("actors.urls")),
    path("", include("workshops.urls")),
    path("", include("stats.urls")),
    path("", include("innovations.urls")),
    path("", include("revisions.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("partners.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
