"""The REST API v1: one router for every app, the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from actors.api.views import ActorKindViewSet, ActorViewSet, ThemeViewSet
from cities.api.views import CityViewSet, CountryViewSet
from innovations.api.views import AdaptationViewSet, InnovationViewSet
from partners.api.views import CurrentKeyView
from workshops.api.views import (
    CommitmentViewSet,
    PersonViewSet,
    RecommendationViewSet,
    SummitViewSet,
    WorkshopViewSet,
)


class PublicAPIRootView(APIRootView):
    """The list of resources, open to everyone like the resources themselves."""

    permission_classes = [AllowAny]


router = DefaultRouter()
router.APIRootView = PublicAPIRootView
router.register("countries", CountryViewSet, basename="country")
router.register("cities", CityViewSet, basename="city")
router.register("kinds", ActorKindViewSet, basename="kind")
router.register("themes", ThemeViewSet, basename="theme")
router.register("actors", ActorViewSet, basename="actor")
router.register("summits", SummitViewSet, basename="summit")
router.register("workshops", WorkshopViewSet, basename="workshop")
router.register("people", PersonViewSet, basename="person")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("innovations", InnovationViewSet, basename="innovation")
router.register("adaptations", AdaptationViewSet, basename="adaptation")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    # The reference is a translated page of the site (aimf_innovation/urls.py, name
    # "api_docs"); Swagger UI stays as an interactive console. The split view serves its
    # start-up script as a file: no inline script (CSP).
    path("docs/swagger/", SpectacularSwaggerSplitView.as_view(url_name="api:schema",
                                                              permission_classes=[AllowAny]),
         name="docs-swagger"),
    path("key/", CurrentKeyView.as_view(), name="current-key"),
    path("", include(router.urls)),
]
