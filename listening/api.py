"""The listening API (mounted at /api/listening/): any other integration sends mentions to a webhook
source with that source's token (``X-Listening-Token``, made in the admin and shown once). A request is
taken whole or not at all: a bad item is a 422 naming it, and nothing of the request is stored."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import APIKeyHeader

from cms.api.base import answers

from .actions import Incoming, ingest
from .models import Source, token_hash

router = Router(tags=["listening"])


class SourceToken(APIKeyHeader):
    param_name = "X-Listening-Token"

    def authenticate(self, request: HttpRequest, key: str | None):
        if not key or len(key) > 100:
            return None
        source = Source.objects.filter(kind=Source.Kind.WEBHOOK, active=True, token_digest=token_hash(key)).first()
        if source is not None:
            request.listening_source = source
        return source


class MentionIn(Schema):
    text: str = Field(..., min_length=1, max_length=10_000)
    posted_at: datetime
    channel: str = Field("webhook", min_length=1, max_length=30)
    author: str = Field("", max_length=200)
    id: str = Field("", max_length=200, description="The sender's own id: sent again, stored once.")
    url: str = Field("", max_length=500, pattern=r"^(https?://.*)?$")
    language: str = Field("", pattern=r"^(ko|en)?$")


class MentionsIn(Schema):
    items: list[MentionIn] = Field(..., min_length=1, max_length=500)


class IngestOut(Schema):
    created: int
    duplicates: int


@router.post("/mentions/", response=answers({200: IngestOut}, 401, 422), auth=[SourceToken()],
             summary="Send mentions (a webhook source)")
def send(request: HttpRequest, payload: MentionsIn):
    items = [Incoming(text=m.text, posted_at=m.posted_at, channel=m.channel, author=m.author, external_id=m.id,
                      url=m.url, language=m.language, raw=m.dict()) for m in payload.items]
    for item in items:
        item.raw["posted_at"] = item.posted_at.isoformat()
    result = ingest(request.listening_source, items)
    return {"created": result.stored, "duplicates": result.duplicates}
