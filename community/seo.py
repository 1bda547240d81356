"""Structured data for the conversation: QAPage for questions, DiscussionForumPosting for group
threads, and ``commentCount`` on the pages a thread sits under (registered with cms.seo)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from cms.seo import absolute, view_seo
from cms.text import html_to_text

from .models import Comment, GroupKind, Thread


def _person(comment: Comment) -> dict:
    return {"@type": "Person", "name": comment.author.name if comment.author else str(_("former member"))}


def _answer(request: HttpRequest, thread: Thread, comment: Comment) -> dict:
    return {"@type": "Answer", "text": html_to_text(comment.html)[:2000], "author": _person(comment),
            "datePublished": comment.created_at.isoformat(), "upvoteCount": comment.helpful_count,
            "url": absolute(request, f"{thread.get_absolute_url()}#comment-{comment.pk}")}


def thread_data(request: HttpRequest, thread: Thread, opening: Comment, comments: list[Comment]) -> dict:
    shown = [c for c in comments if c.status == Comment.Status.APPROVED]
    if thread.kind == Thread.Kind.QUESTION:
        question = {"@type": "Question", "name": thread.title, "text": html_to_text(opening.html)[:2000],
                    "answerCount": len(shown), "author": _person(opening),
                    "datePublished": opening.created_at.isoformat()}
        accepted = next((c for c in shown if c.pk == thread.accepted_id), None)
        if accepted is not None:
            question["acceptedAnswer"] = _answer(request, thread, accepted)
        others = [_answer(request, thread, c) for c in shown if c.pk != thread.accepted_id][:10]
        if others:
            question["suggestedAnswer"] = others
        return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question}
    return {"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": thread.title,
            "text": html_to_text(opening.html)[:2000], "author": _person(opening),
            "datePublished": opening.created_at.isoformat(), "commentCount": len(shown),
            "url": absolute(request, thread.get_absolute_url())}


def thread_seo(request: HttpRequest, thread: Thread, opening: Comment, comments: list[Comment]) -> dict:
    public = thread.group.kind == GroupKind.PUBLIC and opening.status == Comment.Status.APPROVED
    jsonld = thread_data(request, thread, opening, comments) if public else None
    # A question without an accepted answer still reads well; search engines want one answer at least.
    if jsonld and jsonld["@type"] == "QAPage" and not jsonld["mainEntity"].get("answerCount"):
        jsonld = None
    return view_seo(request, title=thread.title, description=html_to_text(opening.html)[:160], jsonld=jsonld,
                    robots="index, follow" if public else "noindex, nofollow")


def group_seo(request: HttpRequest, group, threads, member_count: int) -> dict:
    """A group page is public in both kinds (a closed group hides its threads, not its name): it is
    found by search, described by its own words, and lists the threads anyone may read."""
    description = " ".join(group.description.split())[:160] or _(
        "%(name)s: a community group with %(n)d members. Join, ask and talk with them.") % {
        "name": group.name, "n": member_count}
    url = absolute(request, group.get_absolute_url())
    jsonld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": group.name,
              "description": description, "url": url,
              "about": {"@type": "Organization", "name": group.name, "description": description}}
    if threads:
        jsonld["hasPart"] = [{"@type": "DiscussionForumPosting", "headline": t.title,
                              "url": absolute(request, t.get_absolute_url())} for t in threads[:20]]
    return view_seo(request, title=group.name, description=description, jsonld=jsonld)


def groups_seo(request: HttpRequest) -> dict:
    return view_seo(request, title=str(_("Community groups")),
                    description=str(_("Groups anyone can join or ask to join: find people who work on what "
                                      "you work on, and talk with them.")))


def add_comment_count(page, graph: list[dict], request) -> None:
    """cms.seo registry: the page's main entity says how many comments are under it."""
    count = Thread.objects.filter(page_id=page.pk).values_list("comment_count", flat=True).first()
    if count is None:
        return
    for node in graph:
        if node.get("@type") in ("Article", "BlogPosting", "Event"):
            node["commentCount"] = count
