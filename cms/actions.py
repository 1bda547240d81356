"""Where the content rules live. Views, the API and the admin call these; none repeats a rule.

Each function runs in one transaction, so a failure leaves nothing half-written, and hands side
effects (email) to Celery only once the transaction has committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, PageViewRestriction

from . import signals
from .client_ip import client_ip
from .models.events import EventPage, EventRegistration
from .models.landing import CONSENT_FIELD, HONEYPOT_FIELD, LandingFormSubmission, LandingPage
from .models.posts import PostIndexPage, PostPage, Visibility
from .models.topics import Team, Topic
from .models.visibility import STAFF_GROUP
from .signals import landing_form_submitted
from .text import html_to_text

logger = logging.getLogger(__name__)


class RegistrationError(Exception):
    """A registration that cannot be taken; the message is shown to the visitor."""


class FilingError(Exception):
    """A post that cannot be filed; the message names what is missing."""


# --- Events -----------------------------------------------------------------------------------


def register_for_event(event: EventPage, name: str, email: str) -> EventRegistration:
    """Take a seat, or a place on the waitlist when the event is full.

    The event row is locked for the count-then-insert, so two people cannot take the last seat.
    """
    from .tasks import send_registration_email

    email = email.strip().lower()
    with transaction.atomic():
        event = EventPage.objects.select_for_update().get(pk=event.pk)
        if not event.live or not event.registration_open:
            raise RegistrationError(_("Registration for this event is closed."))
        if event.is_past:
            raise RegistrationError(_("This event has already taken place."))
        if event.registrations.filter(email=email).exclude(
            status=EventRegistration.Status.CANCELLED
        ).exists():
            raise RegistrationError(_("This email address is already registered for this event."))
        status = (
            EventRegistration.Status.WAITLISTED
            if event.capacity is not None and event.confirmed_count >= event.capacity
            else EventRegistration.Status.CONFIRMED
        )
        try:
            with transaction.atomic():
                registration = EventRegistration.objects.create(
                    event=event, name=name, email=email, status=status
                )
        except IntegrityError as error:
            raise RegistrationError(
                _("This email address is already registered for this event.")
            ) from error
        transaction.on_commit(lambda: send_registration_email.delay(registration.pk, status))
        transaction.on_commit(lambda: signals.event_registered.send(EventRegistration, registration=registration))
    return registration


def cancel_registration(registration_id: int) -> EventRegistration | None:
    """Cancel a registration; a freed seat goes to the longest-waiting person. Idempotent."""
    from .tasks import send_registration_email

    with transaction.atomic():
        registration = (
            EventRegistration.objects.select_for_update().filter(pk=registration_id).first()
        )
        if registration is None or registration.status == EventRegistration.Status.CANCELLED:
            return None
        event = EventPage.objects.select_for_update().get(pk=registration.event_id)
        was_confirmed = registration.status == EventRegistration.Status.CONFIRMED
        registration.status = EventRegistration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: signals.registration_cancelled.send(EventRegistration,
                                                                           registration=registration))
        promoted = None
        if was_confirmed and (event.capacity is None or event.confirmed_count < event.capacity):
            promoted = (
                event.registrations.select_for_update()
                .filter(status=EventRegistration.Status.WAITLISTED)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = EventRegistration.Status.CONFIRMED
                promoted.save(update_fields=["status", "updated_at"])
                promoted_id = promoted.pk
                transaction.on_commit(lambda: send_registration_email.delay(promoted_id, "promoted"))
    return promoted


# --- Posts ------------------------------------------------------------------------------------


def sync_post_restriction(page_id: int) -> None:
    """Make the Staff-only view restriction match the post's stored visibility."""
    row = PostPage.objects.filter(pk=page_id).values_list("visibility", flat=True).first()
    if row is None:
        return
    page = PostPage.objects.get(pk=page_id)
    restrictions = PageViewRestriction.objects.filter(page=page)
    with transaction.atomic():
        if row == Visibility.INTERNAL:
            staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
            if not restrictions.filter(restriction_type=PageViewRestriction.GROUPS, groups=staff).exists():
                restrictions.delete()
                restriction = PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.GROUPS
                )
                restriction.groups.add(staff)
        else:
            restrictions.filter(restriction_type=PageViewRestriction.GROUPS, groups__name=STAFF_GROUP).delete()


def topics_from_names(names: list[str]) -> list[Topic]:
    """Existing topics matched by Korean or English name (case-insensitive); new ones created."""
    topics = []
    for name in names:
        topic = (
            Topic.objects.filter(name__iexact=name).first()
            or Topic.objects.filter(name_en__iexact=name).first()
        )
        if topic is None:
            topic = Topic.objects.create(name=name)
        topics.append(topic)
    return topics


def post_index_for(language: str) -> PostIndexPage:
    index = (
        PostIndexPage.objects.filter(locale__language_code=language).order_by("path").first()
        or PostIndexPage.objects.order_by("path").first()
    )
    if index is None:
        raise FilingError(_("There is no post index page to file posts under yet."))
    return index


def file_post(user, *, title: str, kind: str, body: str, topics: list[str], visibility: str,
              language: str = "ko") -> PostPage:
    """Create a draft post under the post index of the user's language and submit it for approval.

    Works the same from the dashboard panel and from the API, so other tools can file posts.
    """
    parent = post_index_for(language)
    team = Team.objects.filter(lead=user).first() or _team_of(user)
    with transaction.atomic():
        post = PostPage(
            title=title,
            kind=kind,
            body=body,
            visibility=visibility,
            author=user,
            owner=user,
            team=team,
            live=False,
            locale=parent.locale,
            slug=_free_slug(parent, title),
        )
        post.topics.set(topics_from_names(topics))
        parent.add_child(instance=post)
        revision = post.save_revision(user=user, log_action=True)
        workflow = post.get_workflow()
        if workflow is not None:
            workflow.start(post, user)
        else:  # no approval configured: an editor publishes by hand
            logger.info("No workflow for post %s; left as draft revision %s", post.pk, revision.pk)
    return post


def _free_slug(parent, title: str) -> str:
    """Wagtail makes the slug from the title, but a title of only punctuation or emoji gives none and the
    page would not save: such posts are numbered instead (post, post-1, …) among their siblings."""
    return find_available_slug(parent, slugify(title, allow_unicode=True)[:200] or "post")


def _team_of(user) -> Team | None:
    """Staff are put in a team through a group of the same name (e.g. 'Marketing')."""
    names = list(user.groups.values_list("name", flat=True))
    return Team.objects.filter(name__in=names).first() or Team.objects.filter(name_en__in=names).first()


# --- Landing pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentInfo:
    given: bool
    version: str
    text: str


def store_landing_submission(page: LandingPage, form, request: HttpRequest | None):
    """Store a landing-page submission with its consent record and hand it to nurture.

    The hand-off is the ``cms.signals.landing_form_submitted`` signal, sent after commit with
    ``page``, ``submission``, ``email``, ``name``, ``consent`` (ConsentInfo) and ``request``.
    Returns None for a bot caught by the honeypot: nothing is stored.
    """
    data = dict(form.cleaned_data)
    if data.pop(HONEYPOT_FIELD, ""):
        return None
    consent = bool(data.pop(CONSENT_FIELD, False))
    consent_info = ConsentInfo(
        given=consent, version=page.consent_version_label, text=html_to_text(page.consent_text)
    )
    meta = request.META if request is not None else {}
    with transaction.atomic():
        submission = LandingFormSubmission.objects.create(
            page=page,
            form_data=data,
            consent_given=consent_info.given,
            consent_version=consent_info.version,
            consent_text=consent_info.text,
            ip_address=client_ip(request),
            user_agent=(meta.get("HTTP_USER_AGENT") or "")[:300],
        )
        email = ""
        for field in page.get_form_fields():
            if field.field_type == "email":
                email = data.get(field.clean_name, email)
                break
        name = next((str(v) for k, v in data.items() if k in {"name", "ileum", "full_name"}), "")
        transaction.on_commit(
            lambda: landing_form_submitted.send(
                sender=LandingPage, page=page, submission=submission, email=email, name=name,
                consent=consent_info, request=request,
            )
        )
    if page.to_address:
        page.send_mail(form)
    return submission


def ensure_locale(language_code: str) -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return locale
