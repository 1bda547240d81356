"""The community's models, one module per concern: members, groups, the conversation, moderation."""

from .conversation import Comment, ModerationMode, PageTypePolicy, Reaction, Thread
from .groups import Alliance, CommunityGroup, GroupKind, GroupOutput, HostedEvent, Membership
from .members import Member, Ring
from .moderation import ModerationLog, Report
from .notifications import Notification

__all__ = [
    "Alliance", "Comment", "CommunityGroup", "GroupKind", "GroupOutput", "HostedEvent", "Member", "Membership",
    "ModerationLog", "ModerationMode", "Notification", "PageTypePolicy", "Reaction", "Report", "Ring", "Thread",
]
