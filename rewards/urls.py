from django.urls import path

from . import collection_views, mission_views, views

# cms.urls mounts these in each language under /rewards/.
urlpatterns = [
    path("", views.catalogue, name="rewards_catalogue"),
    path("<int:reward_id>/redeem/", views.redeem, name="rewards_redeem"),
    path("check-in/<int:event_id>/", views.check_in, name="rewards_check_in"),
    path("leaderboards/", views.leaderboards, name="rewards_leaderboards"),
    path("leaderboards/me/", views.leaderboard_choice, name="rewards_leaderboard_choice"),
    path("invite/<str:code>/", views.invite, name="rewards_invite"),
    path("missions/", mission_views.missions, name="rewards_missions"),
    path("missions/<int:mission_id>/", mission_views.mission, name="rewards_mission"),
    path("album/", collection_views.my_album, name="rewards_my_album"),
    path("album/<int:member_id>/", collection_views.album, name="rewards_album"),
    path("cards/<int:card_id>/", collection_views.card, name="rewards_card"),
    path("cards/<int:card_id>/share.png", collection_views.card_image, name="rewards_card_image"),
    path("cards/<int:card_id>/gift/", collection_views.gift, name="rewards_gift"),
]
