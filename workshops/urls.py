from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.SummitListView.as_view(), name="summit_list"),
    path("summits/<slug:slug>/", views.SummitDetailView.as_view(), name="summit_detail"),
    path("summits/<slug:slug>/calendar.ics", views.SummitCalendarView.as_view(),
         name="summit_calendar"),
    path("workshops/<slug:slug>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("workshops/<slug:slug>/calendar.ics", views.WorkshopCalendarView.as_view(),
         name="workshop_calendar"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("action-plan/", views.ActionPlanView.as_view(), name="action_plan"),
    path("action-plan/<slug:slug>/", views.CommitmentDetailView.as_view(),
         name="commitment_detail"),
]
