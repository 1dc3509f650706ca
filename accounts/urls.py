from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/moderation-notices/", views.ModerationNoticeView.as_view(),
         name="moderation_notices"),
    path("accounts/data/", views.DataExportView.as_view(), name="data_export"),
    path("accounts/delete/", views.DeleteAccountView.as_view(), name="delete"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
]
