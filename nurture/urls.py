from django.urls import path

from . import views

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="nurture_confirm"),
    path("u/<str:token>/", views.unsubscribe, name="nurture_unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="nurture_preferences"),
    path("o/<str:token>.gif", views.open_pixel, name="nurture_open"),
    path("c/<str:token>/", views.click, name="nurture_click"),
    path("seen/", views.seen, name="nurture_seen"),
    path("renew/<str:token>/", views.renew, name="nurture_renew"),
    path("signup/", views.signup, name="nurture_signup"),
]
