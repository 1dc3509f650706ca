from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("accounts/api-keys/new/", views.IssueKeyView.as_view(), name="issue_key"),
    path("accounts/api-keys/<slug:prefix>/revoke/", views.RevokeKeyView.as_view(),
         name="revoke_key"),
]
