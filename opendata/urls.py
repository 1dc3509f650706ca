"""The open data page and its embed generator (under the language prefix)."""

from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("open-data/", views.OpenDataView.as_view(), name="page"),
]
