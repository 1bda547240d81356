# ruff: noqa: E501 - a data table: one group per entry reads better than wrapped Korean text
"""The demo's community. The core circle as members: the CEO and a champion, the staff, a partner, a staff family
member and a customer, each with their ring and a verified address (they sign in at /accounts/login/
with their email and the demo password); four groups (one closed, one in English) and an alliance.
Registered with ``cms.demo`` in ready(); idempotent."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.demo.data import PEOPLE

from .actions import member_for
from .models import Alliance, CommunityGroup, GroupKind, Member, Membership, Ring

DEMO_PASSWORD = "admin-demo-1234"  # noqa: S105 - the documented demo credential (load_demo prints it), dev only
OUTSIDERS = [  # username, display name, ring, language, bio
    ("ceo", "대표 한결", Ring.CORE, "ko", "소통으로 일하는 회사를 만듭니다."),
    ("naru", "모임공간 나루", Ring.PARTNER, "ko", "행사 공간을 함께 운영하는 파트너입니다."),
    ("family", "최하늘 가족", Ring.STAFF_FAMILY, "ko", "직원 가족으로 봉사 모임에 함께합니다."),
    ("reader", "Alex Reader", Ring.CUSTOMER, "en", "A customer who asks good questions."),
]
CHAMPIONS = {"jiwoo"}  # a team lead who seeds the community with the CEO
GROUPS = [  # slug, name, kind, language, description, manager, members
    ("search-study", "검색 스터디", GroupKind.PUBLIC, "ko", "사람들이 무엇을 찾는지 함께 읽고 배웁니다.", "jiwoo",
     ["haneul", "reader", "ceo"]),
    ("volunteers", "커뮤니티 봉사단", GroupKind.PUBLIC, "ko", "도서관 디지털 안내처럼 동네에 필요한 일을 함께 합니다.", "minjun",
     ["family", "doyoon"]),
    ("partners", "파트너 모임", GroupKind.CLOSED, "ko", "행사와 공간을 함께 운영하는 파트너들의 모임입니다.", "seoyeon",
     ["naru"]),
    ("search-study-en", "Search study circle", GroupKind.PUBLIC, "en", "We read what people search for, together.",
     "jiwoo", ["reader"]),
]
ALLIANCES = [("search-study", "volunteers")]


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
        if member.ring != ring or (display_name and not member.display_name) or not member.handle:
            member.ring = ring
            member.display_name = member.display_name or display_name or ""
            member.bio = member.bio or bio
            member.handle = member.handle or username  # others @mention them by it
            member.save()
    members = {m.user.username: m for m in Member.objects.select_related("user")}
    for slug, name, kind, language, description, manager, joined in GROUPS:
        group, new = CommunityGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "language": language, "description": description})
        created += new
        Membership.objects.get_or_create(group=group, member=members[manager],
                                         defaults={"role": Membership.Role.MANAGER})
        for username in joined:
            Membership.objects.get_or_create(group=group, member=members[username])
    for proposer, partner in ALLIANCES:
        Alliance.objects.get_or_create(proposer=CommunityGroup.objects.get(slug=proposer),
                                       partner=CommunityGroup.objects.get(slug=partner),
                                       defaults={"accepted_at": timezone.now()})
    return created
