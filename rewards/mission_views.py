"""Missions on the site: what is running now and how far the member (or their group) has come."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.seo import absolute, view_seo
from community.actions import member_for

from . import actions
from .models import MissionCompletion


def _view(mission, start, end, member) -> dict:
    steps = actions.progress(mission, start, end, member) if member else [
        {"step": s, "count": s.count, "done": 0} for s in mission.steps.all()]
    done = member is not None and MissionCompletion.objects.filter(mission=mission, member=member,
                                                                   run_starts=start).exists()
    return {"mission": mission, "start": start, "end": end, "steps": steps, "completed": done}


def visible_runs(member) -> list[tuple]:
    """Running missions this person may see: a group's mission only by the group's active members (its
    steps and name are the group's business)."""
    return [(m, start, end) for m, start, end in actions.running()
            if m.kind != m.Kind.GROUP or (member is not None and actions.missions.eligible(m, member))]


def missions_for(member) -> list[dict]:
    return [_view(m, start, end, member) for m, start, end in visible_runs(member)]


def missions(request: HttpRequest) -> HttpResponse:
    member = member_for(request.user) if request.user.is_authenticated else None
    runs = missions_for(member)
    jsonld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": _("Missions"),
              "url": absolute(request, request.path), "mainEntity": {"@type": "ItemList", "itemListElement": [
                  {"@type": "ListItem", "position": i, "name": run["mission"].name,
                   "url": absolute(request, reverse("rewards_mission", args=[run["mission"].pk]))}
                  for i, run in enumerate(runs, start=1)]}}
    seo = view_seo(request, title=_("Missions"), description=_("Short challenges running now, one after another."),
                   jsonld=jsonld)
    return render(request, "rewards/missions.html", {"runs": runs, "view_seo": seo,
                                                     "now": timezone.now()})


def mission(request: HttpRequest, mission_id: int) -> HttpResponse:
    member = member_for(request.user) if request.user.is_authenticated else None
    found = next(((m, s, e) for m, s, e in visible_runs(member) if m.pk == mission_id), None)
    if found is None:
        raise Http404
    run = _view(*found, member)
    seo = view_seo(request, title=run["mission"].name, description=run["mission"].description[:200])
    return render(request, "rewards/mission.html", {"run": run, "view_seo": seo})
