"""What crawlers and browsers look for at the site's root: robots.txt, sitemap.xml, the web
app manifest and the favicon."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from opendata import views
from opendata.sitemaps import SITEMAPS

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS},
         name="django.contrib.sitemaps.views.sitemap"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
]
