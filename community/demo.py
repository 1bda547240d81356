"""The demo's core circle as members: the CEO and a champion, the staff, a partner, a staff family
member and a customer, each with their ring and a verified address (they sign in at /accounts/login/
with their email and the demo password). Registered with ``cms.demo`` in ready(); idempotent."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cms.demo.data import PEOPLE

from .actions import member_for
from .models import Ring

DEMO_PASSWORD = "admin-demo-1234"  # noqa: S105 - the documented demo credential (load_demo prints it), dev only
OUTSIDERS = [  # username, display name, ring, language, bio
    ("ceo", "대표 한결", Ring.CORE, "ko", "소통으로 일하는 회사를 만듭니다."),
    ("naru", "모임공간 나루", Ring.PARTNER, "ko", "행사 공간을 함께 운영하는 파트너입니다."),
    ("family", "최하늘 가족", Ring.STAFF_FAMILY, "ko", "직원 가족으로 봉사 모임에 함께합니다."),
    ("reader", "Alex Reader", Ring.CUSTOMER, "en", "A customer who asks good questions."),
]
CHAMPIONS = {"jiwoo"}  # a team lead who seeds the community with the CEO


def load() -> int:
    User = get_user_model()
    created = 0
    people = [(username, None, Ring.CORE if username in CHAMPIONS else Ring.STAFF, "ko", "")
              for username, *_rest in PEOPLE]
    for username, display_name, ring, language, bio in [*people, *OUTSIDERS]:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.com", DEMO_PASSWORD)
            created += 1
        EmailAddress.objects.get_or_create(user=user, email=user.email,
                                           defaults={"verified": True, "primary": True})
        member = member_for(user, language=language)
        if member.ring != ring or (display_name and not member.display_name):
            member.ring = ring
            member.display_name = member.display_name or display_name or ""
            member.bio = member.bio or bio
            member.save()
    return created
