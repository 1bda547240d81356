"""A member's own profile (with a picture that keeps no EXIF) and leaving: the account goes, what they
wrote stays readable, their separate newsletter consent is untouched."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.actions import member_for
from community.models import Member
from nurture.models import Lead

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def member(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = get_user_model().objects.create_user("m1", "m1@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email="m1@example.com", verified=True, primary=True)
    client.force_login(user)
    return member_for(user, language="ko")


def photo_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (1200, 800), "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "김하늘"  # Artist: a name the member may not mean to publish
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


def test_profile_saves_and_the_picture_is_square_small_and_without_exif(client, member):
    response = client.post("/accounts/profile/", {"display_name": "하늘", "bio": "커뮤니티 매니저", "language": "ko",
                                                  "avatar": photo_with_exif()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "하늘" and member.bio == "커뮤니티 매니저"
    with Image.open(member.avatar.path) as stored:
        assert stored.size == (256, 256)
        assert not stored.getexif(), "no EXIF (camera, name, location) is kept"
    assert "하늘" in client.get("/accounts/profile/").content.decode()


def test_a_file_that_is_no_picture_is_refused_in_korean_and_nothing_changes(client, member):
    response = client.post("/accounts/profile/", {"display_name": "바뀜", "bio": "", "language": "ko",
                                                  "avatar": SimpleUploadedFile("x.jpg", b"not an image")})
    assert response.status_code == 400
    assert "읽을 수 있는 사진" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "" and not member.avatar


def test_deleting_the_account_anonymises_it_and_keeps_the_lead(client, member):
    lead = Lead.objects.create(email="m1@example.com")
    member.lead = lead
    member.save()
    wrong = client.post("/accounts/delete/", {"password": "nope"})
    assert wrong.status_code == 400 and "비밀번호" in wrong.content.decode()
    assert get_user_model().objects.get(pk=member.user_id).is_active
    done = client.post("/accounts/delete/", {"password": PASSWORD})
    assert done.status_code == 200
    member = Member.objects.get(pk=member.pk)
    assert member.name == "탈퇴한 회원" or member.name == "former member"
    user = member.user
    assert not user.is_active and user.email == "" and not user.has_usable_password()
    assert not EmailAddress.objects.filter(email="m1@example.com").exists()
    assert member.lead is None and Lead.objects.filter(pk=lead.pk, erased_at__isnull=True).exists()
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/login/", {"login": "m1@example.com", "password": PASSWORD}).status_code == 200
    assert "_auth_user_id" not in client.session
