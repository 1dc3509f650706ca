from django.urls import path

from actors import views

app_name = "actors"

urlpatterns = [
    path("", views.ActorMapView.as_view(), name="map"),
    path("embed/", views.EmbedView.as_view(), name="embed"),
    path("actors/", views.ActorListView.as_view(), name="actor_list"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor_detail"),
    path("map/kinds.css", views.KindStylesView.as_view(), name="kind_styles"),
    path("map/feed/", views.MapFeedView.as_view(), name="map_feed"),
    path("map/actors/<int:pk>/", views.MapActorDetailView.as_view(), name="map_actor"),
]
