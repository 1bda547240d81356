"""Importing a CSV: good rows go in once, a bad row is reported by line and reason and nothing of it
is stored, and any text at all gives a report, never an error."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listening.actions import import_csv, source_named
from listening.models import Mention, Source

pytestmark = pytest.mark.django_db
MAPPING = {"text": "text", "posted_at": "time", "author": "who", "id": "id", "url": "url"}
GOOD = """id,who,time,text,url
1,@a,2026-12-01 10:00,배송이 너무 늦어서 실망했어요,https://example.com/1
2,@b,2026-12-01 11:30,직원분이 친절했어요,
3,@c,yesterday,시간이 이상한 줄,
4,@d,2026-12-02,,
5,@e,2026-12-02 09:00,주소가 이상한 줄,javascript:alert(1)
1,@a,2026-12-01 10:00,배송이 너무 늦어서 실망했어요,https://example.com/1
6,@f,2026-12-03T08:00:00+09:00,"Great meetup, thanks!",
"""


def test_good_rows_go_in_once_and_bad_rows_are_reported_by_line():
    source = source_named("페이스북 댓글", Source.Kind.FILE)
    report = import_csv(source, GOOD, MAPPING)
    assert (report.rows, report.created, report.duplicates) == (7, 3, 1)
    assert [line for line, _reason in report.errors] == [4, 5, 6]
    assert "yesterday" in report.errors[0][1] and "javascript" in report.errors[2][1]
    assert not Mention.objects.filter(author__in=["@c", "@d", "@e"]).exists()  # nothing of a bad row
    moods = dict(Mention.objects.values_list("external_id", "sentiment"))
    assert moods == {"1": "negative", "2": "positive", "6": "positive"}
    assert Mention.objects.get(external_id="6").language == "en"
    again = import_csv(source, GOOD, MAPPING)
    assert (again.created, again.duplicates) == (0, 4) and Mention.objects.count() == 3
    other = import_csv(source_named("내보내기", Source.Kind.FILE), "text,time\n직원분이 친절했어요,2026-12-01 11:30\n",
                       {"text": "text", "posted_at": "time"})
    assert other.created == 1  # no author given: a different mention from @b's


def test_a_file_without_the_named_columns_is_refused_as_a_whole():
    report = import_csv(source_named("x", Source.Kind.FILE), "a,b\n1,2\n", MAPPING)
    assert report.created == 0 and report.errors[0][0] == 1 and "text" in report.errors[0][1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300))
def test_any_text_at_all_gives_a_report_and_stores_only_whole_rows(body):
    source = source_named("퍼징", Source.Kind.FILE)
    before = Mention.objects.count()
    report = import_csv(source, "text,time\n" + body, {"text": "text", "posted_at": "time"})
    if report.rows:  # every row is accounted for: stored, known already, or refused with its line
        assert report.created + report.duplicates + len(report.errors) == report.rows
    else:
        assert report.created == 0
    assert Mention.objects.count() - before == report.created
    assert all(m.text.strip() for m in Mention.objects.all())


def test_staff_import_a_file_in_the_admin_and_see_the_report(tree):
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long"))
    upload = SimpleUploadedFile("mentions.csv", GOOD.encode("utf-8-sig"), content_type="text/csv")
    page = admin.post("/admin/listening/import/", {"source": "페이스북 댓글", "channel": "facebook", "file": upload,
                                                   "text": "text", "posted_at": "time", "author": "who",
                                                   "id": "id", "url": "url"})
    body = page.content.decode()
    assert page.status_code == 200 and "yesterday" in body
    assert Mention.objects.filter(channel="facebook").count() == 3
    inbox = admin.get("/admin/snippets/listening/mention/").content.decode()
    assert "배송이 너무 늦어서" in inbox


def test_a_large_import_is_stored_at_once_and_judged_in_the_background(settings, django_capture_on_commit_callbacks):
    from listening.actions import label

    settings.LISTENING_JUDGE_INLINE = 2  # more new rows than this: judged by the worker, not in the request
    source = source_named("페이스북 댓글", Source.Kind.FILE)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        report = import_csv(source, GOOD, MAPPING)
    assert report.created == 3 and len(queued) == 1
    waiting = Mention.objects.filter(sentiment_by=Mention.By.PENDING)
    assert waiting.count() == 3 and set(waiting.values_list("sentiment", flat=True)) == {""}
    staff = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")
    label(Mention.objects.get(external_id="2"), "neutral", staff)  # a label given before the worker ran
    queued[0]()  # the worker's turn (a Celery task in production; eager here)
    moods = dict(Mention.objects.values_list("external_id", "sentiment"))
    assert moods == {"1": "negative", "2": "neutral", "6": "positive"}
    assert Mention.objects.get(external_id="1").complaint_type.slug == "delivery"
    assert not Mention.objects.filter(sentiment_by=Mention.By.PENDING).exists()


def test_a_nul_in_an_export_is_dropped_not_a_failure():
    source = source_named("붙여넣은 파일", Source.Kind.FILE)
    report = import_csv(source, "id,who,time,text,url\n9,@n\x00,2026-12-01 10:00,배송\x00 문의 드립니다,\n", MAPPING)
    assert (report.created, report.errors) == (1, [])
    stored = Mention.objects.get(external_id="9")
    assert (stored.text, stored.author) == ("배송 문의 드립니다", "@n") and "\x00" not in str(stored.raw)
