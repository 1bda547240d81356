"""The admin's import: a CSV file and which column holds what; the report lists every bad row by its
line and reason (nothing of a bad row is stored) beside what was taken in."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Abs
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cms.models.visibility import is_staff_user

from .actions import import_csv, import_export, learning, pull_feed, source_named
from .models import Label, Mention, Sentiment, SentimentModel, Source, token_hash

MAX_BYTES = 20 * 1024 * 1024


FORMATS = [("csv", gettext_lazy("CSV with the columns named below")),
           ("x", gettext_lazy("X (Twitter) archive: the .zip or data/tweets.js")),
           ("facebook", gettext_lazy("Facebook page comments (CSV export)")),
           ("kakao", gettext_lazy("KakaoTalk chat saved as text (.txt)"))]


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("file"), choices=FORMATS, initial="csv", required=False)
    source = forms.CharField(label=gettext_lazy("source"), max_length=120,
                             help_text=gettext_lazy("A name for where the file comes from, e.g. Facebook page "
                                                    "comments 2026-11. Made if it is new."))
    channel = forms.CharField(label=gettext_lazy("channel"), max_length=30, initial="csv",
                              help_text=gettext_lazy("For a CSV; the other files name their own channel."))
    file = forms.FileField(label=gettext_lazy("file"))
    channel_name = forms.CharField(label=gettext_lazy("the channel's own name in the chat"), max_length=120,
                                   required=False, help_text=gettext_lazy(
                                       "KakaoTalk: the channel's own messages are left out (they are our answers)."))
    text = forms.CharField(label=gettext_lazy("column with the text"), max_length=100, initial="text")
    posted_at = forms.CharField(label=gettext_lazy("column with the time"), max_length=100, initial="posted_at")
    author = forms.CharField(label=gettext_lazy("column with the author"), max_length=100, required=False,
                             initial="author")
    id = forms.CharField(label=gettext_lazy("column with the source's id"), max_length=100, required=False,
                         initial="id")
    url = forms.CharField(label=gettext_lazy("column with the address"), max_length=100, required=False,
                          initial="url")

    def clean_format(self):
        return self.cleaned_data.get("format") or "csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: import it in parts."))
        return upload.read()

    def clean(self):
        data = super().clean()
        raw = data.get("file")
        if raw is None or data.get("format") == "x":  # an archive is read as bytes (it may be a .zip)
            return data
        try:
            data["file"] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                data["file"] = raw.decode("cp949")  # Excel's Korean CSV
            except UnicodeDecodeError:
                self.add_error("file", _("The file is neither UTF-8 nor Korean Excel (CP949) text."))
        return data


class FeedForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("source"), max_length=120)
    url = forms.URLField(label=gettext_lazy("feed address (RSS or Atom)"), max_length=500, assume_scheme="https")
    direction = forms.ChoiceField(label=gettext_lazy("direction"), choices=Source.Direction.choices)


def import_view(request: HttpRequest) -> HttpResponse:
    """A CSV file, or a feed to watch (pulled at once, then every fifteen minutes)."""
    if not request.user.has_perm("listening.add_mention"):
        raise PermissionDenied
    form, report, feed_form, pulled = ImportForm(), None, FeedForm(prefix="feed"), None
    if request.method == "POST" and "feed-url" in request.POST:
        feed_form = FeedForm(request.POST, prefix="feed")
        if feed_form.is_valid():
            data = feed_form.cleaned_data
            source, _made = Source.objects.update_or_create(name=data["name"], defaults={
                "kind": Source.Kind.FEED, "url": data["url"], "direction": data["direction"], "active": True})
            pulled = (source, pull_feed(source))
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            source = source_named(data["source"], Source.Kind.FILE)
            if data["format"] == "csv":
                mapping = {k: data[k] for k in ("text", "posted_at", "author", "id", "url") if data.get(k)}
                report = import_csv(source, data["file"], mapping, channel=data["channel"])
            else:
                report = import_export(source, data["format"], data["file"], channel_name=data["channel_name"])
    return render(request, "listening/admin/import.html", {"form": form, "report": report, "feed_form": feed_form,
                                                          "pulled": pulled},
                  status=400 if form.errors or feed_form.errors else 200)


class WebhookForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("webhook source"), max_length=120,
                           help_text=gettext_lazy("A new name makes a new source; an existing one gets a new token "
                                                  "(the old one stops working)."))


def webhook_view(request: HttpRequest) -> HttpResponse:
    """Webhook sources and their tokens: a token is shown once, when it is made; only its hash is kept."""
    if not request.user.has_perm("listening.add_mention"):
        raise PermissionDenied
    form, shown = WebhookForm(), ""
    if request.method == "POST":
        form = WebhookForm(request.POST)
        if form.is_valid():
            source = source_named(form.cleaned_data["name"], Source.Kind.WEBHOOK)
            if source.kind != Source.Kind.WEBHOOK:
                form.add_error("name", _("A source with this name exists and is not a webhook."))
            else:
                shown = secrets.token_urlsafe(32)
                Source.objects.filter(pk=source.pk).update(token_digest=token_hash(shown))
                form = WebhookForm()
    return render(request, "listening/admin/webhooks.html", {
        "form": form, "shown": shown, "sources": Source.objects.filter(kind=Source.Kind.WEBHOOK)},
        status=400 if form.errors else 200)


LABEL_PAGE = 20


def label_view(request: HttpRequest) -> HttpResponse:
    """Staff label mentions, the least certain first (what the judge is least sure of teaches it most);
    a POST labels one and comes back here."""
    if not request.user.has_perm("listening.add_label"):
        raise PermissionDenied
    if request.method == "POST" and "mentions" in request.POST:
        return _label_many(request)
    if request.method == "POST":
        mention = Mention.objects.filter(pk=request.POST.get("mention") or 0).first()
        if mention is None or (mention.staff_only and not is_staff_user(request.user)) \
                or request.POST.get("sentiment") not in learning.LABELS:
            return HttpResponse(_("Choose a mention and a sentiment."), status=400,
                                content_type="text/plain; charset=utf-8")
        learning.label(mention, request.POST["sentiment"], request.user)
        return redirect("listening_label")
    mentions = Mention.objects.exclude(sentiment_by=Mention.By.STAFF)
    if not is_staff_user(request.user):
        mentions = mentions.filter(staff_only=False)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        mentions = mentions.filter(text__icontains=query)
    mentions = mentions.annotate(certainty=Abs("sentiment_score")).order_by("certainty", "-posted_at")
    return render(request, "listening/admin/label.html", {"query": query,
        "mentions": mentions.select_related("source")[:LABEL_PAGE], "labels": learning.LABELS,
        "labelled": Label.objects.values("mention").distinct().count(), "needed": learning.min_labels()})


def _label_many(request: HttpRequest) -> HttpResponse:
    """The chosen mentions all get one label (what the viewer may not see is left alone)."""
    ids = [int(i) for i in request.POST.getlist("mentions") if i.isdigit()][:LABEL_PAGE * 5]
    if not ids or request.POST.get("sentiment") not in learning.LABELS:
        return HttpResponse(_("Choose mentions and a sentiment."), status=400, content_type="text/plain; charset=utf-8")
    chosen = Mention.objects.filter(pk__in=ids)
    if not is_staff_user(request.user):
        chosen = chosen.filter(staff_only=False)
    done = 0
    for mention in chosen:
        learning.label(mention, request.POST["sentiment"], request.user)
        done += 1
    messages.success(request, ngettext("%(n)d mention labelled.", "%(n)d mentions labelled.", done) % {"n": done})
    return redirect(f"{reverse('listening_label')}?{urlencode({'q': request.POST.get('q', '')[:100]})}")


def model_view(request: HttpRequest) -> HttpResponse:
    """The model's versions: accuracy and macro-F1 on held-out labels beside the lexicon's, over time, and
    the latest confusion matrix; staff can train a version now (the scheduler does it every night)."""
    if not request.user.has_perm("listening.view_mention"):
        raise PermissionDenied
    message = ""
    if request.method == "POST" and request.user.has_perm("listening.add_label"):
        made = learning.train()
        message = (_("Version %(v)d trained: accuracy %(a).0f%% (the lexicon: %(l).0f%%).") % {
            "v": made.version, "a": made.accuracy * 100, "l": made.lexicon_accuracy * 100} if made else
            _("Not enough labels yet: %(n)d are needed, from at least two sentiments.") % {
                "n": learning.min_labels()})
    versions = list(SentimentModel.objects.defer("blob")[:20])
    latest = versions[0] if versions else None
    rows = []
    if latest:
        names = dict(Sentiment.choices)
        rows = [{"label": names[label], "cells": cells} for label, cells in
                zip(latest.confusion["labels"], latest.confusion["matrix"], strict=True)]
    return render(request, "listening/admin/model.html", {
        "versions": versions, "latest": latest, "rows": rows, "message": message,
        "columns": [dict(Sentiment.choices)[label] for label in learning.LABELS]})
