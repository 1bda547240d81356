from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="community_profile"),
    path("delete/", views.delete_account, name="community_delete_account"),
]
