from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<slug:code>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
]
