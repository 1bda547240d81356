"""The moderation queue in the Wagtail admin: held and reported comments, with bulk actions.

Approve shows them (and tells their authors), Remove leaves a "removed by a moderator" line, Dismiss
clears reports and keeps the comment, Ban stops the authors posting. Each step goes through
``actions.moderation``, which logs it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .actions import moderation
from .actions.access import is_staff
from .models import Comment, Member, ModerationLog

BULK = {
    "approve": (moderation.approve, lambda n: ngettext("%(n)d comment approved.", "%(n)d comments approved.", n)),
    "hide": (moderation.hide, lambda n: ngettext("%(n)d comment removed.", "%(n)d comments removed.", n)),
    "dismiss": (moderation.dismiss_reports,
                lambda n: ngettext("Reports dismissed on %(n)d comment.", "Reports dismissed on %(n)d comments.", n)),
}


def queue_counts() -> dict:
    held = Comment.objects.filter(status=Comment.Status.PENDING).count()
    reported = Comment.objects.filter(status=Comment.Status.APPROVED, reports__resolved_at__isnull=True,
                                      reports__isnull=False).distinct().count()
    return {"held": held, "reported": reported, "total": held + reported}


def queue_view(request: HttpRequest) -> HttpResponse:
    if not is_staff(request.user):
        messages.error(request, _("Only moderators can do this."))
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("comment") if v.isdigit()]
        what, note = request.POST.get("action", ""), request.POST.get("note", "")[:300]
        chosen = list(Comment.objects.filter(pk__in=ids).select_related("author"))
        if not chosen:
            messages.error(request, _("Choose at least one comment."))
        elif what == "ban":
            authors = {c.author_id: c.author for c in chosen if c.author_id}
            done = moderation.ban(request.user, authors.values(), note)
            messages.success(request, ngettext("%(n)d member banned.", "%(n)d members banned.", done) % {"n": done})
        elif what in BULK:
            act, says = BULK[what]
            done = act(request.user, chosen, note)
            messages.success(request, says(done) % {"n": done})
        else:
            messages.error(request, _("Choose what to do with them."))
        return redirect("community_moderation")
    page = Paginator(moderation.queue(), 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "community/admin/queue.html", {
        "page": page, "counts": queue_counts(),
        "log": ModerationLog.objects.select_related("moderator", "comment", "member__user")[:20],
    })


def unban_view(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and is_staff(request.user):
        done = moderation.unban(request.user, Member.objects.filter(pk=pk))
        if done:
            messages.success(request, _("The ban is lifted."))
    return redirect("community_moderation")
