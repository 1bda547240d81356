"""Build the bilingual demo site. Idempotent: every object is looked up before it is created,
imported files are skipped when unchanged, so a second run changes nothing."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.demo import data, demo_loaders
from cms.images import demo_image
from cms.importer import import_directory
from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    EventIndexPage,
    EventPage,
    HomeFeaturedItem,
    HomePage,
    LandingFormField,
    LandingPage,
    PostIndexPage,
    PostPage,
    Team,
    Topic,
    TopicIndexPage,
)
from cms.models.visibility import STAFF_GROUP, TEAM_LEADS_GROUP

CONTENT_DIR = Path(data.__file__).resolve().parent / "content"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-demo-1234"  # noqa: S105 - documented demo credential, dev only


class Command(BaseCommand):
    help = "Load the bilingual demo site (Korean default, English second). Safe to run again."

    def handle(self, **options):
        self.created = 0
        with transaction.atomic():
            self.locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("ko", "en")}
            self.people()
            self.topics()
            homes = self.homes()
            sections = {lang: self.sections(home, lang) for lang, home in homes.items()}
            self.images()
        # Imports run file by file in their own transactions (the importer's contract).
        for lang in ("ko", "en"):
            for kind in ("articles", "posts"):
                folder = CONTENT_DIR / lang / kind
                report = import_directory(
                    folder, kind=kind[:-1], parent_slug=None, default_language=lang,
                )
                errors = [r for r in report.results if r.status == "error"]
                for r in errors:
                    self.stderr.write(f"demo file {r.path.name}: {r.detail}")
                if errors:
                    raise CommandError("demo content failed to import")
                self.created += report.count("created") + report.count("updated")
        with transaction.atomic():
            for lang in ("ko", "en"):
                self.events(sections[lang]["events"], lang)
                self.landings(homes[lang], lang)
            self.home_extras(homes)
            for load in demo_loaders():  # the other apps' demos (nurture, the wizard)
                self.created += load()
        # The worker indexes published pages as they come; this makes the demo searchable at once.
        call_command("search_rebuild", verbosity=0)
        self.stdout.write(self.style.SUCCESS(
            f"Demo ready ({self.created} objects created or updated). "
            f"Admin: http://127.0.0.1:8000/admin/  user '{ADMIN_USERNAME}'  password '{ADMIN_PASSWORD}'"
        ))

    # --- people, topics -------------------------------------------------------------------------

    def people(self):
        User = get_user_model()
        staff = Group.objects.get_or_create(name=STAFF_GROUP)[0]
        leads = Group.objects.get_or_create(name=TEAM_LEADS_GROUP)[0]
        editors = Group.objects.filter(name="Editors").first()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD,
                                          first_name="관리자")
            self.created += 1
        users = {}
        for username, first, last, _team, is_lead in data.PEOPLE:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, f"{username}@example.com", ADMIN_PASSWORD,
                                                first_name=first, last_name=last)
                user.groups.add(staff, *([editors] if editors else []))
                if is_lead:
                    user.groups.add(leads)
                self.created += 1
            users[username] = user
        for slug, ko, en, lead in data.TEAMS:
            _team, created = Team.objects.get_or_create(
                slug=slug, defaults={"name": ko, "name_en": en, "lead": users[lead]}
            )
            self.created += created
        for username, *_rest in data.PEOPLE:
            team_slug = next(p[3] for p in data.PEOPLE if p[0] == username)
            team_name = Team.objects.get(slug=team_slug).name
            users[username].groups.add(Group.objects.get_or_create(name=team_name)[0])

    def topics(self):
        for slug, (ko, en) in data.TOPICS.items():
            topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name=ko).first()
            if topic is None:
                Topic.objects.create(name=ko, name_en=en, slug=slug)
                self.created += 1

    # --- pages ----------------------------------------------------------------------------------

    def publish(self, page):
        page.save_revision().publish()
        self.created += 1
        return page

    def child(self, parent, model, slug, translation_of=None, locale=None, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = model(slug=slug, locale=locale or parent.locale, **fields)
        if translation_of is not None:
            page.translation_key = translation_of.translation_key
        parent.add_child(instance=page)
        return self.publish(page)

    def homes(self):
        root = Page.get_first_root_node()
        ko_home = HomePage.objects.filter(locale=self.locales["ko"]).first()
        if ko_home is None:
            # Wagtail's migration leaves a plain "Welcome" page; the demo home replaces it.
            for welcome in Page.objects.filter(depth=2, content_type__model="page"):
                Site.objects.filter(root_page=welcome).update(root_page=root)
                welcome.delete()
            ko_home = self.child(root, HomePage, "home", locale=self.locales["ko"], **self.home_fields("ko"))
        en_home = HomePage.objects.filter(locale=self.locales["en"]).first()
        if en_home is None:
            en_home = self.child(root, HomePage, "home-en", translation_of=ko_home,
                                 locale=self.locales["en"], **self.home_fields("en"))
        # Absolute URLs (canonical, sitemap, share cards) come from the Site: give it the address
        # the demo is served on.
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        wanted = {"hostname": base.hostname or "localhost", "port": base.port or 80,
                  "root_page": ko_home, "site_name": data.HOME["ko"]["title"]}
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(is_default_site=True, **wanted)
        elif any(getattr(site, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(site, key, value)
            site.save()
        return {"ko": ko_home, "en": en_home}

    def home_fields(self, lang):
        home = data.HOME[lang]
        return {"title": home["title"], "hero_title": home["hero_title"], "hero_text": home["hero_text"],
                "cta_title": home["cta_title"], "cta_text": home["cta_text"], "cta_label": home["cta_label"]}

    def sections(self, home, lang):
        models = {"articles": ArticleIndexPage, "posts": PostIndexPage, "events": EventIndexPage,
                  "topics": TopicIndexPage}
        out = {}
        for key, model in models.items():
            slug_ko, title_ko, slug_en, title_en, intro_ko, intro_en = data.SECTIONS[key]
            source = None
            if lang == "en":
                source = model.objects.filter(locale=self.locales["ko"], slug=slug_ko).first()
            out[key] = self.child(
                home, model, slug_ko if lang == "ko" else slug_en, translation_of=source,
                title=title_ko if lang == "ko" else title_en,
                intro=intro_ko if lang == "ko" else intro_en, show_in_menus=True,
            )
        return out

    def images(self):
        for name in ("home", "community", "search", "content", "events", "nurture", "work"):
            demo_image(f"demo-{name}", f"demo-{name}")

    def events(self, index, lang):
        base = getattr(self, "_event_base", None) or timezone.now().replace(minute=0, second=0, microsecond=0)
        self._event_base = base
        for spec in data.EVENTS:
            if EventPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
                continue
            title, summary, body = spec[lang]
            source = None
            if lang == "en":
                source = EventPage.objects.filter(locale=self.locales["ko"], slug=spec["slug"]).first()
                if source is not None:
                    start, end = source.start, source.end
            if source is None:
                day = timezone.localtime(base + datetime.timedelta(days=spec["days"]))
                start = day.replace(hour=10)  # 10:00 in Seoul, the site's time zone
                end = start + datetime.timedelta(hours=spec["hours"])
            venue = spec["venue"][0 if lang == "ko" else 1]
            page = EventPage(
                slug=spec["slug"], locale=index.locale, title=title, summary=summary, body=body,
                kind=spec["kind"], start=start, end=end, capacity=spec["capacity"], venue=venue,
                address=spec.get("address", ""), online_url=spec.get("online_url", ""),
                registration_open=spec["days"] > 0,
            )
            if source is not None:
                page.translation_key = source.translation_key
            page.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
            page.outputs.set(PostPage.objects.filter(locale=index.locale, slug__in=spec["outputs"]))
            index.add_child(instance=page)
            self.publish(page)

    def landings(self, home, lang):
        for spec in data.LANDINGS:
            if LandingPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
                continue
            text = spec[lang]
            source = None
            if lang == "en":
                source = LandingPage.objects.filter(locale=self.locales["ko"], slug=spec["slug"]).first()
            page = LandingPage(
                slug=spec["slug"], locale=home.locale, title=text["title"], intro=text["intro"],
                submit_label=text["submit"], thank_you_text=text["thanks"],
                consent_text=f"<p>{text['consent']}</p>", consent_version="2026-11",
            )
            if source is not None:
                page.translation_key = source.translation_key
            page.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
            page.form_fields = [
                LandingFormField(label=label, field_type=ftype, required=required, sort_order=i)
                for i, (label, ftype, required) in enumerate(text["fields"])
            ]
            home.add_child(instance=page)
            self.publish(page)

    def home_extras(self, homes):
        for home in homes.values():
            if home.featured_items.exists():
                continue
            pillars = ArticlePage.objects.live().filter(locale=home.locale, is_pillar=True).order_by("pk")
            landing = LandingPage.objects.child_of(home).filter(slug="starter-guide").first()
            home = home.get_latest_revision_as_object()
            home.featured_items = [HomeFeaturedItem(featured_page=p, sort_order=i) for i, p in enumerate(pillars)]
            home.cta_page = landing
            home.hero_image = demo_image("demo-home", "demo-home")
            self.publish(home)


