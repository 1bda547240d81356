"""A thread's comments as HTML, built in Python.

The markup is the same as a template would give, but a 500-comment thread renders in a few
milliseconds instead of a few hundred: Django's template engine spends ~25 µs per node, and a
comment with its buttons is twenty-odd nodes. The section around the comments (heading, form,
sign-in link) stays a template (community/includes/conversation.html).
"""

from __future__ import annotations

import threading

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .actions.conversation import load_details
from .models import Comment


class Labels:
    """Every word a comment shows, translated once per thread."""

    def __init__(self):
        self.removed = escape(_("Removed by a moderator."))
        self.deleted = escape(_("Deleted by its author."))
        self.former = escape(_("former member"))
        self.official = escape(_("Official"))
        self.accepted = escape(_("Accepted answer"))
        self.edited = escape(_("edited"))
        self.held = escape(_("Waiting for a moderator"))
        self.helpful = escape(_("Helpful"))
        self.accept = escape(_("Accept this answer"))
        self.unaccept = escape(_("Unaccept"))
        self.edit = escape(_("Edit"))
        self.delete = escape(_("Delete"))
        self.report = escape(_("Report"))
        self.reply = escape(_("Reply"))
        self.your_reply = escape(_("Your reply"))
        self.post_reply = escape(_("Post reply"))
        self.official_badge = f'<span class="badge official">{self.official}</span>'
        self.zone = timezone.get_current_timezone()
        self.language = get_language()
        self.authors: dict[int, tuple[str, str]] = {}


def _author_bits(author, labels: Labels) -> tuple[str, str]:
    """The author's name and ring label as HTML, built once per author and thread."""
    if author is None:
        return f'<strong class="author">{labels.former}</strong>', ""
    bits = labels.authors.get(author.pk)
    if bits is None:
        ring = "" if author.left_at else (getattr(author, "ring_label", None) or author.get_ring_display())
        bits = labels.authors[author.pk] = (f'<strong class="author">{escape(author.name)}</strong>',
                                            f'<span class="badge">{escape(ring)}</span>' if ring else "")
    return bits


# A comment's markup, kept per process and keyed by everything it shows (its state, its author's
# name and ring, the reader's buttons): after a new comment only that one is built, not the 500 others.
# The CSRF field differs per request, so the kept markup holds a mark that is replaced at the end.
CSRF_MARK = "\x00csrf\x00"
MAX_KEPT = 20_000
_kept: dict[tuple, str] = {}
_lock = threading.Lock()


def thread_html(comments: list[Comment], state: dict, prefix: str) -> SafeString:
    """The <ol> of top-level comments with their replies (empty when there are none).

    Comments may come light (actions.comments_for): the text of those whose markup is not kept
    yet is read in one query before they are built."""
    if not comments:
        return mark_safe("")
    labels = Labels()
    items = []
    for comment in comments:
        items.append((comment, True))
        items.extend((child, False) for child in comment.children)
    keys = _keys(items, state, labels, prefix)
    markup = [_kept.get(key) for key in keys]
    missing = [item[0] for item, html in zip(items, markup, strict=True) if html is None]
    if missing:
        load_details(missing)
        with _lock:
            if len(_kept) + len(missing) > MAX_KEPT:
                _kept.clear()
            for i, html in enumerate(markup):
                if html is None:
                    comment, top = items[i]
                    markup[i] = _kept[keys[i]] = comment_html(comment, state, labels, prefix, top=top)
    out = ['<ol class="comments">']
    i = 0
    for comment in comments:
        out.append("<li>" + markup[i])
        i += 1
        if comment.children:
            out.append('<ol class="replies">')
            for _child in comment.children:
                out.append("<li>" + markup[i] + "</li>")
                i += 1
            out.append("</ol>")
        out.append("</li>")
    out.append("</ol>")
    return finish("".join(out), state)


def finish(html: str, state: dict) -> SafeString:
    if state.get("signed_in"):
        html = html.replace(CSRF_MARK, state.get("csrf_input", ""))
    return mark_safe(html)  # noqa: S308 - every part is escaped or sanitised (Comment.html, by nh3)


def _keys(items: list[tuple], state: dict, labels: Labels, prefix: str) -> list[tuple]:
    """Everything each comment's markup shows (its text and time change only with ``edited_at``). Built
    in one loop: a 500-comment thread asks for 500 keys on every render after a change."""
    thread = state["thread"]
    accepted = thread.accepted_id if thread is not None else None
    shared = (labels.language, prefix)
    signed_in = bool(state.get("signed_in"))
    out = []
    for comment, top in items:
        author = comment.author
        bits = (labels.authors.get(author.pk) if author is not None else None) or _author_bits(author, labels)
        out.append((shared, comment.id, comment.status, comment.official, comment.helpful_count, comment.edited_at,
                    accepted == comment.id, top, bits, _reader(comment, state, top) if signed_in else ()))
    return out


def _reader(comment, state: dict, top: bool) -> tuple:
    """What of the reader changes a comment's buttons."""
    if not state.get("signed_in"):
        return ()
    return (getattr(comment, "mine", False), getattr(comment, "editable", False),
            getattr(comment, "helpful_by_me", False), state.get("can_post"), state.get("can_accept"),
            state.get("post_url"), state.get("accept_url"), top and state["thread"] is not None
            and comment.pk == state["thread"].opening_id)


def forget_all() -> None:
    """Tests: ids repeat once the database rolls back."""
    with _lock:
        _kept.clear()


def comment_html(comment: Comment, state: dict, labels: Labels, prefix: str, *, top: bool) -> str:
    thread = state["thread"]
    accepted = thread is not None and thread.accepted_id == comment.pk
    classes = "comment" + (" official" if comment.official else "") + (" accepted" if accepted else "")
    head = f'<article id="comment-{comment.pk}" class="{classes}">'
    if comment.status == Comment.Status.HIDDEN:
        return f'{head}<p class="removed">{labels.removed}</p></article>'
    if comment.status == Comment.Status.DELETED:
        return f'{head}<p class="removed">{labels.deleted}</p></article>'
    name, ring = _author_bits(comment.author, labels)
    parts = [head, "<header>", name, labels.official_badge if comment.official else ring]
    if accepted:
        parts.append(f'<span class="badge accepted">{labels.accepted}</span>')
    when = comment.created_at.astimezone(labels.zone)
    parts.append(f'<a href="#comment-{comment.pk}" class="when"><time datetime="{when.isoformat(timespec="seconds")}">'
                 f'{when:%Y-%m-%d %H:%M}</time></a>')
    if comment.edited_at:
        parts.append(f' <span class="edited">({labels.edited})</span>')
    if comment.status == Comment.Status.PENDING:
        parts.append(f'<span class="badge held">{labels.held}</span>')
    parts.append(f'</header><div class="comment-body">{comment.html}</div><footer>')
    if comment.helpful_count:
        count = ngettext("%(n)s found this helpful", "%(n)s found this helpful", comment.helpful_count)
        parts.append(f'<span class="helpful-count">{escape(count % {"n": comment.helpful_count})}</span>')
    parts.append(_buttons(comment, state, labels, prefix, top))
    parts.append("</footer></article>")
    return "".join(parts)


ACTIONS_FORM = "comment-actions"  # conversation.html's one form (with the CSRF token) that the buttons submit


def _buttons(comment: Comment, state: dict, labels: Labels, prefix: str, top: bool) -> str:
    """A comment's buttons submit the thread's one hidden form (``form=`` and ``formaction=``), so
    a long thread carries one CSRF field, not one per button; only a reply form is a form of its own."""
    if not state.get("signed_in"):
        return ""
    thread, can_post = state["thread"], state.get("can_post")
    mine = getattr(comment, "mine", False)
    shown = comment.status == Comment.Status.APPROVED
    url = f"{prefix}{comment.pk}/"
    button = f'<button type="submit" form="{ACTIONS_FORM}" formaction="'
    out = []
    if shown and not mine and can_post:
        pressed = getattr(comment, "helpful_by_me", False)
        out.append(f'{button}{url}helpful/" name="helpful" value="{0 if pressed else 1}" aria-pressed="'
                   f'{"true" if pressed else "false"}">{labels.helpful}</button>')
    if shown and state.get("can_accept") and top and comment.pk != thread.opening_id:
        is_accepted = thread.accepted_id == comment.pk
        out.append(format_html('{}{}" name="comment" value="{}">{}</button>', mark_safe(button),  # noqa: S308
                               state["accept_url"], "" if is_accepted else comment.pk,
                               labels.unaccept if is_accepted else labels.accept))
    if getattr(comment, "editable", False):
        out.append(f'<a href="{url}edit/">{labels.edit}</a>')
    if mine:
        out.append(f'{button}{url}delete/">{labels.delete}</button>')
    if shown and can_post and not mine:
        out.append(f'<a href="{url}report/" rel="nofollow">{labels.report}</a>')
    if top and can_post and shown:
        action = escape(state["post_url"])
        out.append(f'<details class="reply"><summary>{labels.reply}</summary><form method="post" '
                   f'action="{action}">{CSRF_MARK}<input type="hidden" name="parent" value="{comment.pk}">'
                   f'<label for="reply-{comment.pk}">{labels.your_reply}</label><textarea id="reply-{comment.pk}" '
                   f'name="body" rows="3" maxlength="5000" required></textarea><button type="submit">'
                   f'{labels.post_reply}</button></form></details>')
    return "".join(out)
