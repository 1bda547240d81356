"""The community on the site, one module per area: a member's own pages, groups, the conversation."""

from .conversation import accept, comment_delete, comment_edit, comment_post, helpful, report, thread_comment_post
from .groups import group, groups, thread, thread_start
from .members import delete_account, notifications, profile

__all__ = [
    "accept", "comment_delete", "comment_edit", "comment_post", "delete_account", "group", "groups", "helpful",
    "notifications", "profile", "report", "thread", "thread_comment_post", "thread_start",
]
