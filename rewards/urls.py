from django.urls import path

from . import views

# cms.urls mounts these in each language under /rewards/.
urlpatterns = [
    path("", views.catalogue, name="rewards_catalogue"),
    path("<int:reward_id>/redeem/", views.redeem, name="rewards_redeem"),
    path("check-in/<int:event_id>/", views.check_in, name="rewards_check_in"),
    path("leaderboards/", views.leaderboards, name="rewards_leaderboards"),
    path("leaderboards/me/", views.leaderboard_choice, name="rewards_leaderboard_choice"),
]
