"""The notification email: short, in the member's language, linking to the comment."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cms.text import html_to_text

from .models import Member, Notification


def recipient(member: Member) -> str | None:
    """The member's verified address (the primary one when there are several), never an unverified one."""
    from allauth.account.models import EmailAddress

    address = (EmailAddress.objects.filter(user=member.user, verified=True).order_by("-primary", "pk").first())
    return address.email if address else None


def comment_url(comment) -> str:
    from wagtail.models import Site

    thread = comment.thread
    if thread.page_id:
        base = thread.page.get_full_url() or ""
    else:
        site = Site.objects.filter(is_default_site=True).first()
        base = (site.root_url if site else "") + thread.get_absolute_url()
    return f"{base}#comment-{comment.pk}"


SUBJECTS = {
    Notification.Kind.REPLY: lambda name: _("%(name)s replied to your comment") % {"name": name},
    Notification.Kind.ANSWER: lambda name: _("%(name)s answered your question") % {"name": name},
    Notification.Kind.MENTION: lambda name: _("%(name)s mentioned you") % {"name": name},
    Notification.Kind.APPROVED: lambda name: _("Your comment is now shown"),
}


def build_notification(notification: Notification) -> EmailMultiAlternatives:
    member, comment = notification.member, notification.comment
    with translation.override(member.language):
        author = comment.author.name if comment.author else _("former member")
        thread = comment.thread
        where = thread.title or (thread.page.title if thread.page_id else "")
        context = {"member": member, "subject": SUBJECTS[notification.kind](author), "where": where,
                   "excerpt": html_to_text(comment.html)[:400], "url": comment_url(comment),
                   "settings_url": _absolute("community_profile"), "company": settings.COMPANY}
        text = render_to_string("community/email/notification.txt", context)
        message = EmailMultiAlternatives(subject=context["subject"], body=text, to=[recipient(member)],
                                         from_email=settings.DEFAULT_FROM_EMAIL)
        message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


def _absolute(name: str) -> str:
    from django.urls import reverse
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else "") + reverse(name)
