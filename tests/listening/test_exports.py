"""Outside channels' own exports: an X archive (the .zip with the account, or tweets.js alone), a
Facebook page's comments CSV, a KakaoTalk chat from the PC and the phone app. Each becomes mentions
once; a bad item or line is reported by its number and nothing of it is stored; a file that is not
what it claims is one clear error."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listening.actions import import_export, source_named
from listening.actions.exports import ExportError, read_kakao_chat, read_x_archive
from listening.models import Mention, Source

pytestmark = pytest.mark.django_db

TWEETS = [
    {"tweet": {"id_str": "1850000000000000001", "full_text": "@shop 배송이 일주일째 안 와요 정말 실망이에요",
               "created_at": "Mon Dec 01 05:30:00 +0000 2026", "lang": "ko", "in_reply_to_screen_name": "shop"}},
    {"tweet": {"id_str": "1850000000000000002", "full_text": "Loved the meetup, thank you!",
               "created_at": "Tue Dec 02 09:00:00 +0000 2026", "lang": "en"}},
    {"tweet": {"id_str": "1850000000000000003", "full_text": "시간이 없는 트윗", "created_at": "yesterday"}},
    {"tweet": {"id_str": "1850000000000000004", "full_text": "", "created_at": "Tue Dec 02 10:00:00 +0000 2026"}},
]


def tweets_js(entries) -> str:
    return "window.YTD.tweets.part0 = " + json.dumps(entries, ensure_ascii=False)


def archive(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        made.writestr("data/tweets.js", tweets_js(entries))
        made.writestr("data/account.js", 'window.YTD.account.part0 = [{"account": {"username": "mina_k"}}]')
    return buffer.getvalue()


def test_an_x_archive_becomes_mentions_once_and_bad_tweets_are_named():
    source = source_named("X 보관함", Source.Kind.FILE)
    report = import_export(source, "x", archive(TWEETS))
    assert (report.rows, report.created, report.duplicates) == (4, 2, 0)
    assert [n for n, _reason in report.errors] == [3, 4] and "created_at" in report.errors[0][1]
    late = Mention.objects.get(external_id="1850000000000000001")
    assert (late.channel, late.author, late.language, late.sentiment) == ("x", "@mina_k", "ko", "negative")
    assert late.url == "https://x.com/i/web/status/1850000000000000001" and late.posted_at.day == 1
    again = import_export(source, "x", tweets_js(TWEETS).encode())  # tweets.js alone, the same tweets
    assert (again.created, again.duplicates) == (0, 2)
    broken = import_export(source, "x", b"window.YTD.tweets.part0 = [{")
    assert broken.created == 0 and len(broken.errors) == 1 and "JSON" in broken.errors[0][1]
    assert "data/tweets.js" in import_export(source, "x", _zip_without_tweets()).errors[0][1]


def _zip_without_tweets() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        made.writestr("data/like.js", "window.YTD.like.part0 = []")
    return buffer.getvalue()


FACEBOOK = """Name,Profile ID,Date,Likes,Comment,Comment ID
김하늘,1001,2026-12-01 14:05,3,"행사 진행 정말 매끄러웠어요, 감사합니다",c1
박준,1002,2026-12-01 15:10,0,"주차 안내가 엉망이었어요",c2
이솔,1003,last week,0,"시간이 이상한 줄",c3
"""


def test_facebook_page_comments_are_read_by_their_own_column_names():
    source = source_named("페이스북 댓글", Source.Kind.FILE)
    report = import_export(source, "facebook", FACEBOOK)
    assert (report.rows, report.created) == (3, 2) and [line for line, _r in report.errors] == [4]
    assert dict(Mention.objects.values_list("author", "sentiment")) == {"김하늘": "positive", "박준": "negative"}
    assert set(Mention.objects.values_list("channel", flat=True)) == {"facebook"}
    wrong = import_export(source, "facebook", "a,b\n1,2\n")
    assert wrong.created == 0 and "Comment" in wrong.errors[0][1]


KAKAO_PC = """고객센터 님과 카카오톡 대화
저장한 날짜 : 2026-12-03 18:00:00

--------------- 2026년 12월 1일 월요일 ---------------
[정민] [오후 2:05] 주문한 텀블러가 깨져서 왔어요 정말 실망이에요
사진 보내 드릴게요
[고객센터] [오후 2:07] 불편을 드려 죄송합니다
[정민] [오후 2:08] 사진
--------------- 2026년 12월 2일 화요일 ---------------
[정민] [오전 9:30] 교환 빨리 해 주셔서 감사해요!
"""
KAKAO_PHONE = """고객센터 님과 카카오톡 대화
2026년 12월 2일 오전 9:30
2026년 12월 2일 오전 9:30, 정민 : 교환 빨리 해 주셔서 감사해요!
2026년 12월 2일 오후 1:00, 유나 : 다음 행사는 언제 하나요?
December 3, 2026 at 8:15 PM, Alex : The app keeps crashing on login
무슨 줄인지 모를 줄
"""


def test_a_kakaotalk_chat_from_the_pc_and_the_phone_is_read_once_without_the_channels_own_answers():
    source = source_named("카카오톡 채널", Source.Kind.FILE)
    pc = import_export(source, "kakao", KAKAO_PC, channel_name="고객센터")
    assert (pc.rows, pc.created, pc.errors) == (4, 2, [])
    broken = Mention.objects.get(text__startswith="주문한 텀블러")
    assert broken.text.endswith("사진 보내 드릴게요") and broken.author == "정민" and broken.sentiment == "negative"
    assert broken.posted_at.astimezone(broken.posted_at.tzinfo).hour in (5, 14)  # 14:05 in Seoul is 05:05 UTC
    phone = import_export(source, "kakao", KAKAO_PHONE, channel_name="고객센터")
    assert (phone.created, phone.duplicates) == (2, 1)  # the thanks of 12월 2일 was in the PC file too
    assert Mention.objects.get(author="Alex").posted_at.day == 3
    assert not Mention.objects.filter(author="고객센터").exists()
    orphan = import_export(source, "kakao", "[정민] [오후 2:05] 날짜 줄이 없는 메시지\n")
    assert orphan.created == 0 and orphan.errors[0][0] == 1


def test_the_import_page_takes_each_format(tree):
    staff = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")
    client = Client()
    client.force_login(staff)
    page = client.post("/admin/listening/import/", {
        "format": "x", "source": "X 보관함", "channel": "csv", "text": "text", "posted_at": "posted_at",
        "file": SimpleUploadedFile("twitter-archive.zip", archive(TWEETS))})
    assert page.status_code == 200 and Mention.objects.filter(channel="x").count() == 2
    assert "created_at" in page.content.decode()  # tweet 3's problem, in the report
    chat = client.post("/admin/listening/import/", {
        "format": "kakao", "source": "카카오톡 채널", "channel": "csv", "text": "text", "posted_at": "posted_at",
        "channel_name": "고객센터", "file": SimpleUploadedFile("chat.txt", KAKAO_PC.encode("utf-8"))})
    assert chat.status_code == 200 and Mention.objects.filter(channel="kakao").count() == 2


@given(st.text(max_size=300) | st.sampled_from([KAKAO_PC, KAKAO_PHONE]).map(lambda t: t[:len(t) // 2]))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_chat_text_or_archive_bytes_give_a_report_never_an_error(text):
    parsed = read_kakao_chat(text)
    assert len(parsed.items) <= parsed.rows and all(line >= 1 for line, _reason in parsed.errors)
    try:
        archived = read_x_archive(text.encode())
    except ExportError as problem:
        assert str(problem)
    else:
        assert len(archived.items) + len(archived.errors) == archived.rows
