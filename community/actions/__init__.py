"""The community's rules, one module per flow; views, signals, tasks and the API call these."""

from .access import can_see_thread
from .accounts import delete_account, link_lead, member_for
from .conversation import (
    EDIT_WINDOW,
    accept_answer,
    comments_for,
    delete_comment,
    edit_comment,
    post_comment,
    react,
    start_thread,
)
from .errors import CommunityError
from .groups import accept_alliance, allies, approve, is_manager, join, leave, propose_alliance

__all__ = [
    "EDIT_WINDOW", "CommunityError", "accept_alliance", "accept_answer", "allies", "approve", "can_see_thread",
    "comments_for",
    "delete_account", "delete_comment", "edit_comment", "is_manager", "join", "leave", "link_lead", "member_for",
    "post_comment", "propose_alliance", "react", "start_thread",
]
