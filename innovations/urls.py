from django.urls import path

from innovations import views

app_name = "innovations"

urlpatterns = [
    path("innovations/", views.InnovationListView.as_view(), name="innovation_list"),
    path("innovations/<slug:slug>/", views.InnovationDetailView.as_view(),
         name="innovation_detail"),
    path("innovations/<slug:slug>/map.json", views.InnovationMapDataView.as_view(),
         name="innovation_map"),
    path("innovations/<slug:slug>/adapt/", views.ProposeAdaptationView.as_view(),
         name="adapt"),
    # Owners
    path("my/innovations/", views.MyInnovationsView.as_view(), name="mine"),
    path("my/innovations/new/", views.ProposeInnovationView.as_view(), name="propose"),
    path("my/innovations/<int:pk>/edit/", views.EditInnovationView.as_view(),
         name="edit_innovation"),
    path("my/innovations/<int:pk>/archive/", views.ArchiveInnovationView.as_view(),
         name="archive_innovation"),
    path("my/adaptations/<int:pk>/edit/", views.EditAdaptationView.as_view(),
         name="edit_adaptation"),
    path("my/adaptations/<int:pk>/archive/", views.ArchiveAdaptationView.as_view(),
         name="archive_adaptation"),
    # City officials and staff
    path("moderation/forge/", views.ModerationQueueView.as_view(), name="moderation_queue"),
    path("moderation/forge/innovations/<int:pk>/", views.ModerateInnovationView.as_view(),
         name="moderate_innovation"),
    path("moderation/forge/adaptations/<int:pk>/", views.ModerateAdaptationView.as_view(),
         name="moderate_adaptation"),
]
