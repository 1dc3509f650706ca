from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.SummitListView.as_view(), name="summit_list"),
    path("summits/<slug:slug>/", views.SummitDetailView.as_view(), name="summit_detail"),
    path("workshops/<slug:slug>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
]
