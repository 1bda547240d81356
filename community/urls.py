from django.urls import path

from . import views

# Under /accounts/ (the member's own pages) and /groups/ (cms.urls mounts both, in each language).
account_urls = [
    path("profile/", views.profile, name="community_profile"),
    path("delete/", views.delete_account, name="community_delete_account"),
]
group_urls = [
    path("", views.groups, name="community_groups"),
    path("<str:slug>/", views.group, name="community_group"),
]
