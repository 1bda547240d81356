from django.urls import path

from . import views

# cms.urls mounts these in each language: /accounts/ (a member's own pages), /groups/ (groups and their
# threads) and /community/ (the conversation's forms).
account_urls = [
    path("profile/", views.profile, name="community_profile"),
    path("notifications/", views.notifications, name="community_notifications"),
    path("delete/", views.delete_account, name="community_delete_account"),
]
group_urls = [
    path("", views.groups, name="community_groups"),
    path("<str:slug>/", views.group, name="community_group"),
    path("<str:slug>/threads/", views.thread_start, name="community_thread_start"),
    path("<str:slug>/threads/<int:thread_id>/", views.thread, name="community_thread"),
]
conversation_urls = [
    path("pages/<int:page_id>/comments/", views.comment_post, name="community_comment_post"),
    path("threads/<int:thread_id>/comments/", views.thread_comment_post, name="community_thread_comment_post"),
    path("threads/<int:thread_id>/accepted/", views.accept, name="community_accept"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="community_comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="community_comment_delete"),
    path("comments/<int:comment_id>/helpful/", views.helpful, name="community_helpful"),
    path("comments/<int:comment_id>/report/", views.report, name="community_report"),
]
