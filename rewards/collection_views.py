"""Cards on the site: a member's album (every set with its empty slots), a card's own page (shared
with its drawn image), and giving a duplicate to someone else.

An album is public, like the leaderboards, unless its owner left themselves (or an editor left them)
off the leaderboards: then only they see it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from cms.seo import absolute, view_seo
from community.actions import member_for
from community.models import Member

from . import actions
from .models import Card, LeaderboardExclusion
from .share import share_png

MEMBER_LOGIN = "account_login"


def _name(obj) -> str:
    english = (get_language() or "ko").startswith("en")
    return (getattr(obj, "name_en", "") or obj.name) if english else obj.name


@login_required(login_url=MEMBER_LOGIN)
def my_album(request: HttpRequest) -> HttpResponse:
    return redirect("rewards_album", member_id=member_for(request.user).pk)


def album(request: HttpRequest, member_id: int) -> HttpResponse:
    owner = Member.objects.filter(pk=member_id, left_at__isnull=True).first()
    viewer = member_for(request.user) if request.user.is_authenticated else None
    mine = viewer is not None and owner is not None and viewer.pk == owner.pk
    if owner is None or (not mine and LeaderboardExclusion.objects.filter(member=owner).exists()):
        raise Http404
    sets = actions.album(owner)
    seo = view_seo(request, title=_("%(name)s's cards") % {"name": owner.name},
                   description=_("Collected cards and the empty slots still to fill."), robots="noindex, follow")
    return render(request, "rewards/album.html", {"owner": owner, "sets": sets, "mine": mine, "view_seo": seo})


def card(request: HttpRequest, card_id: int) -> HttpResponse:
    found = get_object_or_404(Card.objects.select_related("card_set", "image"), pk=card_id, card_set__active=True)
    title = f"{_name(found)} · {_name(found.card_set)}"
    image = reverse("rewards_card_image", args=[found.pk])
    jsonld = {"@context": "https://schema.org", "@type": "VisualArtwork", "name": _name(found),
              "url": absolute(request, request.path), "image": absolute(request, image),
              "artform": "collectible card", "isPartOf": {"@type": "CreativeWorkSeries", "name": _name(found.card_set)}}
    seo = view_seo(request, title=title, description=_("A %(rarity)s card of the set %(set)s.") % {
        "rarity": found.get_rarity_display(), "set": _name(found.card_set)}, image=image, jsonld=jsonld)
    holders = found.copies.filter(given_away_at__isnull=True).values("member").distinct().count()
    return render(request, "rewards/card.html", {"card": found, "view_seo": seo, "holders": holders})


@cache_control(public=True, max_age=24 * 3600)
def card_image(request: HttpRequest, card_id: int) -> FileResponse:
    found = get_object_or_404(Card.objects.select_related("image"), pk=card_id, card_set__active=True)
    return FileResponse(share_png(found).open("rb"), content_type="image/png")


@require_POST
@login_required(login_url=MEMBER_LOGIN)
def gift(request: HttpRequest, card_id: int) -> HttpResponse:
    member = member_for(request.user)
    try:
        copy = actions.gift(member, card_id, request.POST.get("handle", ""))
    except actions.RewardsError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("You gave %(card)s to @%(to)s.") % {"card": _name(copy.card),
                                                                         "to": copy.member.handle})
    return redirect("rewards_album", member_id=member.pk)
