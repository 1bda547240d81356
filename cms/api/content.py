"""Topics, events with registration, and posts filed from other tools with a Wagtail API token.

Validation runs through the same Django forms and ``actions`` as the site, so errors name the field in
the visitor's language.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from wagtail.api.v3.auth import BearerTokenAuth

from .. import actions
from ..forms import EventRegistrationForm, FilePostForm
from ..models.events import EventPage, EventRegistration
from ..models.posts import PostKind, PostPage
from ..models.topics import Topic
from ..models.visibility import is_staff_user, visible_to
from .base import MAX_PAGE_ID, PUBLIC_OR_TOKEN, Pagination, answers, api, validated

EventId = Path(..., ge=1, le=MAX_PAGE_ID, description="The event page's id.")

# --- Schemas ------------------------------------------------------------------------------------


class TopicOut(Schema):
    slug: str
    name: str
    name_en: str


class EventOut(Schema):
    id: int
    title: str
    url: str | None
    kind: str
    summary: str
    start: datetime
    end: datetime
    time_zone: str
    venue: str
    online_url: str
    capacity: int | None
    seats_left: int | None
    registration_open: bool
    language: str
    topics: list[dict]


class RegistrationIn(Schema):
    name: str
    email: str


class RegistrationOut(Schema):
    status: str
    token: str
    message: str


class PostIn(Schema):
    title: str
    kind: Literal[tuple(PostKind.values)] = PostKind.MEETING_NOTE  # type: ignore[valid-type]
    body: str
    topics: list[str] | str = []
    visibility: Literal["public", "internal"] = "public"
    language: Literal["ko", "en"] = "ko"


class PostOut(Schema):
    id: int
    title: str
    kind: str
    visibility: str
    status: Literal["live", "in_moderation", "draft"]
    status_label: str
    url: str | None
    admin_url: str
    topics: list[dict]


def event_out(event: EventPage, request: HttpRequest) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "url": event.get_full_url(request),
        "kind": event.kind,
        "summary": event.summary,
        "start": event.start,
        "end": event.end,
        "time_zone": event.time_zone,
        "venue": event.venue,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "seats_left": event.seats_left,
        "registration_open": event.registration_open and not event.is_past,
        "language": event.locale.language_code,
        "topics": event.topic_list(),
    }


def post_status(post: PostPage) -> str:
    if post.workflow_in_progress:
        return "in_moderation"
    return "live" if post.live else "draft"


def post_out(post: PostPage, request: HttpRequest) -> dict:
    from django.urls import reverse

    return {
        "id": post.pk,
        "title": post.title,
        "kind": post.kind,
        "visibility": post.visibility,
        "status": post_status(post),
        "status_label": str(post.status_string),
        "url": post.get_full_url(request) if post.live else None,
        "admin_url": request.build_absolute_uri(reverse("wagtailadmin_pages:edit", args=[post.pk])),
        "topics": post.topic_list(),
    }


# --- Endpoints ----------------------------------------------------------------------------------


@api.get("/topics/", response=answers({200: list[TopicOut]}, 422), auth=PUBLIC_OR_TOKEN, tags=["topics"])
@paginate(Pagination)
def list_topics(request):
    """The shared topic vocabulary."""
    return Topic.objects.order_by("name")


class EventFilter(Schema):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    lang: Literal["ko", "en"] | None = None
    kind: str | None = None


@api.get("/events/", response=answers({200: list[EventOut]}, 422), auth=PUBLIC_OR_TOKEN, tags=["events"])
@paginate(Pagination)
def list_events(request, filters: Query[EventFilter]):
    """Events, upcoming first (past ones newest first)."""
    events = visible_to(EventPage.objects.all(), request).select_related("locale")
    if filters.lang:
        events = events.filter(locale__language_code=filters.lang)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    now = timezone.now()
    if filters.when == "upcoming":
        events = events.filter(end__gte=now).order_by("start")
    elif filters.when == "past":
        events = events.filter(end__lt=now).order_by("-start")
    else:
        events = events.order_by("-start")
    return [event_out(e, request) for e in events.prefetch_related("topics")]


def _event_or_404(request, event_id: int) -> EventPage:
    return get_object_or_404(visible_to(EventPage.objects.all(), request), pk=event_id)


@api.get("/events/{event_id}/", response=answers({200: EventOut}, 404), auth=PUBLIC_OR_TOKEN, tags=["events"])
def get_event(request, event_id: int = EventId):
    return event_out(_event_or_404(request, event_id), request)


@api.post(
    "/events/{event_id}/registrations/",
    response=answers({201: RegistrationOut}, 400, 404, 409, 422),
    auth=PUBLIC_OR_TOKEN,
    tags=["events"],
)
def register(request, payload: RegistrationIn, event_id: int = EventId):
    """Register for an event; when it is full the registration goes on the waitlist."""
    event = _event_or_404(request, event_id)
    data = validated(EventRegistrationForm, payload.dict())
    try:
        registration = actions.register_for_event(event, **data)
    except actions.RegistrationError as error:
        return Status(409, {"errors": [{"field": None, "message": str(error)}]})
    message = (
        _("You are on the waitlist.")
        if registration.status == EventRegistration.Status.WAITLISTED
        else _("Your seat is confirmed.")
    )
    return Status(201, {"status": registration.status, "token": str(registration.token), "message": message})


@api.post("/registrations/{token}/cancel/", response=answers({200: RegistrationOut}, 404), auth=None,
          tags=["events"])
def cancel(request, token: str):
    """Cancel with the token from the confirmation email. Cancelling twice is harmless."""
    import uuid

    try:
        token_uuid = uuid.UUID(token)
    except ValueError as error:
        raise HttpError(404, _("No registration has this token.")) from error
    registration = get_object_or_404(EventRegistration, token=token_uuid)
    actions.cancel_registration(registration.pk)
    registration.refresh_from_db()
    return {"status": registration.status, "token": token, "message": _("Your registration is cancelled.")}


class PostFilter(Schema):
    kind: str | None = None
    topic: str | None = None
    team: str | None = None
    lang: Literal["ko", "en"] | None = None


@api.get("/posts/", response=answers({200: list[PostOut]}, 422), auth=PUBLIC_OR_TOKEN, tags=["posts"])
@paginate(Pagination)
def list_posts(request, filters: Query[PostFilter]):
    """Published posts; internal ones only for staff tokens."""
    posts = visible_to(PostPage.objects.all(), request).select_related("locale")
    if filters.kind:
        posts = posts.filter(kind=filters.kind)
    if filters.topic:
        posts = posts.filter(topics__slug=filters.topic)
    if filters.team:
        posts = posts.filter(team__slug=filters.team)
    if filters.lang:
        posts = posts.filter(locale__language_code=filters.lang)
    return [post_out(p, request) for p in posts.order_by("-first_published_at").prefetch_related("topics")]


@api.post(
    "/posts/",
    response=answers({201: PostOut}, 400, 401, 403, 422),
    auth=BearerTokenAuth(),
    tags=["posts"],
)
def file_post(request, payload: PostIn):
    """File a post as the token's user: a draft under the post index, submitted for approval (결재)."""
    if not is_staff_user(request.user):
        return Status(403, {"errors": [{"field": None, "message": _("Only staff can file posts.")}]})
    data = payload.dict()
    if isinstance(data["topics"], list):
        data["topics"] = ",".join(data["topics"])
    cleaned = validated(FilePostForm, data)
    with translation.override(cleaned["language"]):
        try:
            post = actions.file_post(request.user, **cleaned)
        except actions.FilingError as error:
            return Status(422, {"errors": [{"field": None, "message": str(error)}]})
    return Status(201, post_out(post, request))
