"""The project's URLs plus the naive baselines the benchmarks compare against."""

import os

from django.urls import path

from aimf_innovation.urls import urlpatterns as project_urls
from bench import views

if os.environ.get("BENCH_NAIVE_SEARCH"):  # bench/costly.py's "before" server
    from bench.naive_search import install

    install()

urlpatterns = [
    path("bench/naive.geojson", views.naive_geojson),
    path("bench/naive/", views.NaiveMapView.as_view()),
    path("bench/drf.geojson", views.ModelSerializerGeoJSON.as_view()),
    path("bench/drf-actors/", views.ModelSerializerList.as_view()),
    path("bench/actor-full-assets/<slug:slug>/", views.FullAssetsActorView.as_view()),
    path("bench/map-no-preload/", views.NoPreloadMapView.as_view()),
    path("bench/map-leaflet-first/", views.LeafletFirstMapView.as_view()),
    *project_urls,
]
