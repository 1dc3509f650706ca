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
    # Owners
    path("organisations/new/", views.RegisterActorView.as_view(), name="register"),
    path("my/organisations/", views.MyActorsView.as_view(), name="my_actors"),
    path("my/organisations/<int:pk>/edit/", views.EditActorView.as_view(),
         name="my_actor_edit"),
    path("my/organisations/<int:pk>/archive/", views.ArchiveActorView.as_view(),
         name="my_actor_archive"),
    path("organisations/still-active/<str:token>/", views.ConfirmActiveView.as_view(),
         name="confirm_active"),
    # City officials and staff
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation_queue"),
    path("moderation/<int:pk>/", views.ModerateActorView.as_view(), name="moderate"),
]
