"""Admin sign-ins cannot be guessed: a username is locked for an address after a few failures in a
row, with a message in the person's language, and an administrator can unlock it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test user's password


@pytest.fixture
def admin_user(db):
    user = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, password: str, *, address: str = "203.0.113.5", language: str = "ko", username="admin"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password},
                       REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)


def test_twenty_five_wrong_passwords_then_the_right_one_does_not_sign_in(client, admin_user, settings):
    codes = [sign_in(client, f"guess-{n}").status_code for n in range(25)]
    assert codes[:settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again
    assert set(codes[settings.AXES_FAILURE_LIMIT:]) == {429}
    right = sign_in(client, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    page = right.content.decode()
    assert "로그인 실패가 너무 많습니다" in page and "15분" in page
    assert "Try again in 15 minutes" in sign_in(client, PASSWORD, language="en").content.decode()


def test_the_lock_is_for_that_username_from_that_address(client, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{n}")
    assert sign_in(client, PASSWORD).status_code == 429
    elsewhere = sign_in(client, PASSWORD, address="198.51.100.20")  # the owner, from their own address
    assert elsewhere.status_code == 302 and client.session["_auth_user_id"] == str(admin_user.pk)


def test_behind_the_front_the_forwarded_client_is_what_is_locked(client, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("wagtailadmin_login"), {"username": "admin", "password": f"g{n}"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.77"}
    other = client.post(reverse("wagtailadmin_login"), {"username": "admin", "password": PASSWORD},
                        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, f"guess-{n}")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, f"again-{n}").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_django_admin_login_is_protected_too(client, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/django-admin/login/", {"username": "admin", "password": f"g{n}"}, REMOTE_ADDR="203.0.113.5")
    response = client.post("/django-admin/login/", {"username": "admin", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429


def test_an_administrator_sees_and_unlocks_a_locked_sign_in(client, admin_user, settings):
    editor = factories.UserFactory(username="editor", is_superuser=False, staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"g{n}", username="editor")
    assert sign_in(client, PASSWORD, username="editor").status_code == 429

    client.force_login(admin_user)
    listing = client.get(reverse("security_locked_sign_ins"))  # in the admin's language: Korean
    assert listing.status_code == 200
    assert "editor" in listing.content.decode() and "203.0.113.5" in listing.content.decode()
    unlocked = client.post(reverse("security_locked_sign_ins"), {"username": "editor", "ip_address": "203.0.113.5"},
                           follow=True)
    assert "editor 님은 이제 203.0.113.5에서 다시 로그인할 수 있습니다." in unlocked.content.decode()
    assert "잠긴 로그인이 없습니다." in unlocked.content.decode()
    client.logout()
    assert sign_in(client, PASSWORD, username="editor").status_code == 302


def test_only_administrators_may_unlock(client, admin_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"g{n}")
    editor = factories.UserFactory(username="editor2", is_superuser=False, staff=True)
    client.force_login(editor)
    assert client.get(reverse("security_locked_sign_ins")).status_code in (302, 403)  # Wagtail: "no permission"
    client.post(reverse("security_locked_sign_ins"), {"username": "admin"})
    assert AccessAttempt.objects.filter(username="admin").exists()
    # An empty form unlocks nothing (it would otherwise match every lock).
    client.force_login(admin_user)
    client.post(reverse("security_locked_sign_ins"), {"username": "", "ip_address": ""})
    assert AccessAttempt.objects.filter(username="admin").exists()
