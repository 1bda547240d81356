"""People for the community's tests: a verified member with a handle, signed in on their own client."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client, TestCase

from community import actions


class CommitClient(Client):
    """A client whose requests end as a real request's transaction does: what waited for the commit
    (cache retirement, notifications, emails) runs before the response is looked at."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


def committed(fn, *args, **kwargs):
    """Call an action and run what it queued for after its commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


@pytest.fixture
def person(db):
    def make(name: str, *, language: str = "ko", verified: bool = True, staff: bool = False):
        user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345-long", is_staff=staff)
        if staff:
            from cms.models.visibility import staff_group

            user.groups.add(staff_group())
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        member = actions.member_for(user)
        member.display_name, member.handle, member.language = name.title(), name.lower(), language
        member.save()
        client = CommitClient()
        client.force_login(user)
        client.member = member
        return client

    return make
