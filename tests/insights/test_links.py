"""Tracked links: staff make one for a page and a channel in the admin; following it is counted and
lands on the page with utm_* and the link's code, so the visits it brings are its own; a page that is
not public cannot be shared, and one unpublished later is not there for whoever follows the link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from insights.actions import rollup
from insights.models import PageView, TrackedLink
from tests import factories

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"


def test_a_tracked_link_from_the_admin_to_its_visits(tree):
    article = factories.ArticlePageFactory(parent=tree.articles, slug="talk", title="소통의 기술")
    article.save_revision().publish()
    secret = factories.PostPageFactory(parent=tree.posts, slug="secret", title="기밀", visibility="internal")
    secret.save_revision().publish()
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long"))
    add = "/admin/snippets/insights/trackedlink/add/"
    refused = admin.post(add, {"page": secret.pk, "channel": "kakao", "campaign": "x", "note": ""})
    assert refused.status_code == 200 and not TrackedLink.objects.exists()  # not public: not shareable
    assert admin.post(add, {"page": article.pk, "channel": "kakao", "campaign": "dec-meetup", "note": ""}
                      ).status_code == 302
    link = TrackedLink.objects.get()

    visitor = Client()
    followed = visitor.get(f"/l/{link.code}/")
    assert followed.status_code == 302 and followed["Cache-Control"] == "no-store"
    target = urlsplit(followed["Location"])
    assert target.path == article.url
    assert parse_qs(target.query) == {"utm_source": ["kakao"], "utm_medium": ["social"], "utm_id": [link.code],
                                      "utm_campaign": ["dec-meetup"]}
    link.refresh_from_db()
    assert link.clicks == 1
    visitor.post("/insights/hit/", {"page": article.pk, "path": target.path, "query": "?" + target.query,
                                    "referrer": ""}, HTTP_USER_AGENT=BROWSER)
    view = PageView.objects.get()
    assert (view.channel, view.campaign, view.link) == ("kakao", "dec-meetup", link.code)
    rollup(timezone.localdate())
    listing = admin.get("/admin/snippets/insights/trackedlink/").content.decode()
    row = listing.split(f"/l/{link.code}/ →", 2)[-1].split("</tr>", 1)[0]
    cells = [cell.split(">", 1)[1].strip() for cell in row.split("</td>")[:-1]]
    assert cells[-4:-1] == ["1", "1", "0"]  # clicks, visits, conversions (none yet)

    article.unpublish()
    assert visitor.get(f"/l/{link.code}/").status_code == 404
    assert visitor.get("/l/nope/").status_code == 404


def test_the_file_a_post_panel_makes_a_tracked_link_for_a_public_page_only(tree):
    article = factories.ArticlePageFactory(parent=tree.articles, slug="share-me", title="함께 읽기")
    article.save_revision().publish()
    secret = factories.PostPageFactory(parent=tree.posts, slug="secret-2", title="기밀 회의록", visibility="internal")
    secret.save_revision().publish()
    staff = Client()
    staff.force_login(factories.UserFactory(username="filer", staff=True, is_superuser=True))
    home = staff.get("/admin/").content.decode()
    builder = home[home.index("data-link-builder"):]
    assert "함께 읽기" in builder and "기밀 회의록" not in builder, "only public pages are offered"
    refused = staff.post("/admin/insights/links/new/", {"page": secret.pk, "channel": "kakao", "next": "/admin/"},
                         follow=True)
    assert not TrackedLink.objects.exists() and "공개" in refused.content.decode()
    made = staff.post("/admin/insights/links/new/", {"page": article.pk, "channel": "naver",
                                                     "campaign": "blog-dec", "next": "/admin/"}, follow=True)
    link = TrackedLink.objects.get()
    assert (link.channel, link.campaign, link.page_id) == ("naver", "blog-dec", article.pk)
    assert f"/l/{link.code}/" in made.content.decode()
    outsider = Client()
    outsider.force_login(factories.UserFactory(username="outsider"))
    outsider.post("/admin/insights/links/new/", {"page": article.pk, "channel": "x"})
    assert TrackedLink.objects.count() == 1
