from django.urls import path

from . import views

urlpatterns = [
    path("", views.member_view, name="listening_nps_member"),
    path("<uuid:token>/", views.survey_view, name="listening_nps"),
    path("<uuid:token>/decline/", views.decline_view, name="listening_nps_decline"),
]
