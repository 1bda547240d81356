import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .mixins import ConversationMixin, IndexPage, TopicsMixin
from .seo import SeoMixin
from .topics import TopicTaggedItem
from .visibility import visible_to

# A fixed list (not zoneinfo.available_timezones()) so migrations do not change with tzdata.
TIME_ZONES = [
    (tz, tz)
    for tz in (
        "Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Singapore", "Asia/Kolkata", "UTC",
        "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago",
        "America/Los_Angeles", "Australia/Sydney",
    )
]


class EventKind(models.TextChoices):
    FIRST_MEETUP = "first_meetup", _("First meetup")
    STUDY = "study", _("Study")
    VOLUNTEER = "volunteer", _("Volunteer")
    PROJECT = "project", _("Project")


class EventPageTopic(TopicTaggedItem):
    content_object = ParentalKey("cms.EventPage", related_name="topic_items", on_delete=models.CASCADE)


class EventIndexPage(IndexPage):
    """Community events: upcoming first, then past events with what they produced."""

    subpage_types = ["cms.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = visible_to(EventPage.objects.child_of(self), request)
        now = timezone.now()
        context["upcoming"] = events.filter(end__gte=now).order_by("start")
        context["past"] = events.filter(end__lt=now).order_by("-start")
        return context


class EventPage(TopicsMixin, SeoMixin, ConversationMixin, RoutablePageMixin, Page):
    """A community event (first meetup, study, volunteer, project) with registration and a waitlist.

    Past events link to the posts they produced ("outputs"): the product's idea that events should
    leave something behind.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    summary = models.TextField(_("summary"), max_length=400)
    body = RichTextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=TIME_ZONES, default="Asia/Seoul")
    venue = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    outputs = ParentalManyToManyField("cms.PostPage", blank=True, related_name="events", verbose_name=_("outputs"))
    topics = ClusterTaggableManager(through=EventPageTopic, blank=True, verbose_name=_("topics"))

    content_panels = Page.content_panels + [
        FieldRowPanel(["kind", "capacity"]),
        "summary",
        MultiFieldPanel([FieldRowPanel(["start", "end"]), "time_zone"], heading=_("When")),
        MultiFieldPanel(["venue", "address", "online_url"], heading=_("Where")),
        "registration_open",
        "body",
        "topics",
        FieldPanel("outputs"),
    ]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("body"),
        APIField("start"),
        APIField("end"),
        APIField("time_zone"),
        APIField("venue"),
        APIField("address"),
        APIField("online_url"),
        APIField("capacity"),
        APIField("registration_open"),
        APIField("topic_data"),
    ]
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The event must end after it starts.")})
        if not (self.venue or self.online_url):
            raise ValidationError({"venue": _("Give a place, an online link, or both.")})

    @property
    def local_start(self):
        return timezone.localtime(self.start, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_end(self):
        return timezone.localtime(self.end, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @cached_property
    def confirmed_count(self) -> int:
        return self.registrations.filter(status=EventRegistration.Status.CONFIRMED).count()

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    def get_context(self, request, *args, **kwargs):
        from ..forms import EventRegistrationForm
        from ..listing import related_pages

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("registration_form", EventRegistrationForm())
        # Read the chosen posts from the database by id: in a preview the relation holds unsaved
        # choices (a modelcluster FakeQuerySet), which has no .live() to filter by.
        from .posts import PostPage

        chosen = [post.pk for post in self.outputs.all()]
        context["output_posts"] = visible_to(PostPage.objects.filter(pk__in=chosen), request)
        context["related"] = related_pages(self, request)
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("register/")
    def register(self, request):
        from ..actions import RegistrationError, register_for_event
        from ..forms import EventRegistrationForm

        if request.method != "POST":
            return redirect(self.url)
        form = EventRegistrationForm(request.POST)
        if form.is_valid():
            try:
                registration = register_for_event(self, **form.cleaned_data)
            except RegistrationError as error:
                form.add_error(None, str(error))
            else:
                return self.render(
                    request,
                    context_overrides={"registration": registration},
                    template="cms/event_registered.html",
                )
        response = self.render(request, context_overrides={"registration_form": form})
        response.status_code = 400
        return response

    @path("cancel/<uuid:token>/")
    def cancel(self, request, token):
        from ..actions import cancel_registration

        registration = get_object_or_404(EventRegistration, event=self, token=token)
        if request.method == "POST":
            cancel_registration(registration.pk)
            registration.refresh_from_db()
        return self.render(
            request,
            context_overrides={"registration": registration},
            template="cms/event_cancel.html",
        )

    @path("ics/")
    def ics(self, request):
        from ..ical import event_to_ics

        response = HttpResponse(event_to_ics(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


class EventRegistration(models.Model):
    """A seat, or a place on the waitlist, for one person at one event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)  # the day-before reminder
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> · {self.get_status_display()}"
