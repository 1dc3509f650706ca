from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="network"),
    path("statistics/<slug:chart>.csv", views.ChartCSVView.as_view(), name="network_csv"),
    path("statistics/countries/<slug:code>/", views.StatisticsView.as_view(), name="country"),
    path("statistics/countries/<slug:code>/<slug:chart>.csv", views.ChartCSVView.as_view(),
         name="country_csv"),
    path("statistics/cities/<slug:slug>/", views.StatisticsView.as_view(), name="city"),
    path("statistics/cities/<slug:slug>/<slug:chart>.csv", views.ChartCSVView.as_view(),
         name="city_csv"),
]
