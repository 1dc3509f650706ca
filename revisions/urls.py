from django.urls import path

from revisions import views

app_name = "revisions"

urlpatterns = [
    path("moderation/queue/", views.QueueView.as_view(), name="queue"),
    path("moderation/changes/", views.ChangesQueueView.as_view(), name="changes_queue"),
    path("moderation/changes/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("my/changes/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
]
