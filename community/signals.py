"""What happens in the conversation, for other apps (rewards, listening) to follow without importing
the community's internals. Each is sent once the change is committed."""

from django.dispatch import Signal

comment_shown = Signal()  # comment: it is visible to readers now (posted unmoderated, or approved)
comment_removed = Signal()  # comment, by_moderator: hidden by a moderator or deleted by its author
answer_accepted = Signal()  # comment, thread, by: the accepted answer of a question
answer_unaccepted = Signal()  # comment, thread: no longer the accepted answer (cleared or another chosen)
reaction_added = Signal()  # reaction: a member found a comment helpful
reaction_removed = Signal()  # comment, member: that member no longer finds it helpful
