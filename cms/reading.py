"""Reading to the end: a pillar page carries a signed token for its own id (the same for every reader,
so the page stays cacheable); a script posts it back once the reader has reached the page's end after
spending some time on it. A signed-in reader's visit is then announced (``cms.signals.page_read``)
for other apps to count; nothing is recorded for anyone else."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .models.visibility import visible_to
from .signals import page_read

SALT = "cms.read-to-end"


def token_for(page) -> str:
    return signing.Signer(salt=SALT).sign(str(page.pk))


def page_id_from(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None


@csrf_exempt  # a beacon; it counts only the signed-in person's own reading of a page that asked for it
@require_POST
def read_to_end(request: HttpRequest) -> HttpResponse:
    page_id = page_id_from(request.POST.get("token", "")[:100])
    if page_id is None:
        return HttpResponse(status=400)
    if request.user.is_authenticated:
        page = visible_to(Page.objects.filter(pk=page_id), request).first()
        if page is not None:
            page = page.specific
            transaction.on_commit(lambda: page_read.send(sender=type(page), page=page, user=request.user))
    return HttpResponse(status=204)
