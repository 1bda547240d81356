"""The site's rewards pages: leaderboards, checking in at an event, and the points section of a member's profile."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.models import EventPage
from community.actions import member_for
from community.models import CommunityGroup, Member

from . import actions, invites, paycode
from .checkin import is_open
from .mission_views import missions_for
from .models import Account, Coupon, Currency, LeaderboardExclusion, MemberBadge, Period, Reward
from .receivers import REFERRER

MEMBER_LOGIN = "account_login"


@never_cache
@login_required(login_url=MEMBER_LOGIN)
def check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    """GET: the form (a QR code or link may carry the code in ``?code=``); POST: check in."""
    event = EventPage.objects.live().public().filter(pk=event_id).first()
    if event is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            entries = actions.check_in(member_for(request.user), event, request.POST.get("code", ""))
        except actions.RewardsError as problem:
            error = problem.message
        else:
            earned = sum(e.amount for e in entries)
            messages.success(request, ngettext("Checked in: %(n)d point.", "Checked in: %(n)d points.", earned)
                             % {"n": earned} if earned else _("Checked in."))
            return redirect("community_profile")
    return render(request, "rewards/check_in.html", {"event": event, "open": is_open(event), "error": error,
                                                     "code": request.POST.get("code") or request.GET.get("code", "")},
                  status=400 if error else 200)


def profile_section(request: HttpRequest, member) -> str:
    """community.profile: the member's points, their latest entries, and whether boards list them."""
    exclusion = LeaderboardExclusion.objects.filter(member=member).first()
    return render_to_string("rewards/profile_points.html", {
        "balance": actions.balance(member), "entries": list(actions.history(member)[:10]),
        "rank": actions.rank_of(member), "runs": missions_for(member),
        "badges": list(MemberBadge.objects.filter(member=member).select_related("badge")),
        "listed": exclusion is None, "excluded_by_editor": exclusion is not None and not exclusion.by_member,
    }, request=request)


def leaderboards(request: HttpRequest) -> HttpResponse:
    """This week's, this month's or all-time points earned, overall or in one group."""
    period = request.GET.get("period", Period.WEEK)
    if period not in Period.values:
        period = Period.WEEK
    group = None
    if request.GET.get("group"):
        group = CommunityGroup.objects.filter(slug=request.GET["group"][:80]).first()
        if group is None:
            raise Http404
    points = actions.points()
    me = None
    if request.user.is_authenticated:
        me = actions.standing_of(member_for(request.user), period, currency=points, group=group)
    language = (get_language() or "ko")[:2]
    return render(request, "rewards/leaderboards.html", {
        "period": period, "periods": Period.choices, "group": group, "me": me,
        "rows": actions.leaderboard(period, currency=points, group=group, limit=50),
        "groups": CommunityGroup.objects.filter(language=language).order_by("name")})


@require_POST
@login_required(login_url=MEMBER_LOGIN)
def leaderboard_choice(request: HttpRequest) -> HttpResponse:
    """A member leaves themselves off the boards, or comes back (an editor's exclusion stays)."""
    member = member_for(request.user)
    if request.POST.get("listed") == "0":
        LeaderboardExclusion.objects.get_or_create(member=member, defaults={"by_member": True})
        messages.success(request, _("You are no longer listed on the leaderboards."))
    else:
        LeaderboardExclusion.objects.filter(member=member, by_member=True).delete()
        messages.success(request, _("You are listed on the leaderboards again."))
    return redirect("community_profile")


@never_cache
def catalogue(request: HttpRequest) -> HttpResponse:
    """The rewards to redeem, the member's wallet (points, the shared currency and the pay code a
    partner's till types) and their coupons."""
    member = member_for(request.user) if request.user.is_authenticated else None
    held = {}
    if member is not None:
        held = dict(Account.objects.filter(kind=Account.Kind.MEMBER, member=member).values_list("currency_id",
                                                                                                 "balance"))
    rewards = list(Reward.objects.filter(active=True).select_related("currency", "partner"))
    for reward in rewards:
        reward.affordable = held.get(reward.currency_id, 0) >= reward.price and reward.stock != 0
    return render(request, "rewards/catalogue.html", {
        "rewards": rewards, "balance": actions.balance(member) if member else None,
        "shared": [{"currency": c, "balance": held.get(c.pk, 0)}
                   for c in Currency.objects.filter(kind=Currency.Kind.SHARED)] if member else [],
        "pay_code": paycode.code_for(member) if member else "",
        "once": secrets.token_urlsafe(12),  # the redeem forms' one-time field: a double click redeems once
        "invite_url": request.build_absolute_uri(reverse("rewards_invite", args=[invites.code_for(member)]))
        if member else "",
        "coupons": Coupon.objects.filter(member=member).select_related("reward")[:20] if member else []})


@require_POST
@login_required(login_url=MEMBER_LOGIN)
def redeem(request: HttpRequest, reward_id: int) -> HttpResponse:
    try:
        coupon = actions.redeem(member_for(request.user), reward_id, request_key=request.POST.get("once", "")[:64])
    except actions.RewardsError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Redeemed. Your coupon code is %(code)s.") % {"code": coupon.code})
    return redirect("rewards_catalogue")


def invite(request: HttpRequest, code: str) -> HttpResponse:
    """A member's invitation link: the visitor signs up, and the member earns points once they verify."""
    member_id = invites.member_id_from(code[:40])
    if member_id is None or not Member.objects.filter(pk=member_id, left_at__isnull=True).exists():
        raise Http404
    if not request.user.is_authenticated:
        request.session[REFERRER] = member_id
    return redirect("account_signup")
