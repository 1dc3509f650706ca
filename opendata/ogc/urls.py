"""OGC API – Features under /ogc/ (no language prefix, like the REST API)."""

from django.urls import path

from opendata.ogc import views

app_name = "ogc"
urlpatterns = [
    path("", views.LandingPageView.as_view(), name="landing"),
    path("conformance", views.ConformanceView.as_view(), name="conformance"),
    path("api", views.OpenAPIView.as_view(), name="openapi"),
    path("collections", views.CollectionsView.as_view(), name="collections"),
    path("collections/<slug:collection_id>", views.CollectionView.as_view(),
         name="collection"),
    path("collections/<slug:collection_id>/items", views.ItemsView.as_view(), name="items"),
    path("collections/<slug:collection_id>/items/<str:feature_id>", views.ItemView.as_view(),
         name="item"),
]
