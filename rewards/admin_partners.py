"""The admin's partner books: per shared currency, what each partner issued, accepted and has
outstanding; issuing to a member by hand; partner tokens (made here, shown once); and a settlement
report for a period as CSV, for the partner and the accounts team."""

from __future__ import annotations

import csv
import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Member
from shop_wizard.models import Partner

from . import actions
from .models import Currency, PartnerToken
from .models.partners import token_hash


class IssueForm(forms.Form):
    partner = forms.ModelChoiceField(Partner.objects.filter(active=True), label=gettext_lazy("partner"))
    currency = forms.ModelChoiceField(Currency.objects.filter(kind=Currency.Kind.SHARED),
                                      label=gettext_lazy("currency"))
    email = forms.EmailField(label=gettext_lazy("member's email"))
    amount = forms.IntegerField(label=gettext_lazy("amount"), min_value=1, max_value=actions.partners.MAX_AMOUNT)
    memo = forms.CharField(label=gettext_lazy("memo"), max_length=200, required=False)

    def clean_email(self):
        member = Member.objects.filter(user__email__iexact=self.cleaned_data["email"], left_at__isnull=True).first()
        if member is None:
            raise forms.ValidationError(_("No member has this email address."))
        self.member = member
        return self.cleaned_data["email"]


class TokenForm(forms.Form):
    partner = forms.ModelChoiceField(Partner.objects.filter(active=True), label=gettext_lazy("partner"))
    name = forms.CharField(label=gettext_lazy("name"), max_length=80)


class PeriodForm(forms.Form):
    currency = forms.ModelChoiceField(Currency.objects.filter(kind=Currency.Kind.SHARED), to_field_name="code")
    start = forms.DateField()
    end = forms.DateField()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def partner_books(request: HttpRequest) -> HttpResponse:
    _require(request, "rewards.view_entry")
    issue_form, token_form, shown_token = IssueForm(prefix="issue"), TokenForm(prefix="token"), ""
    if request.method == "POST":
        _require(request, "rewards.add_partnertoken")
        if "issue-partner" in request.POST:
            issue_form = IssueForm(request.POST, prefix="issue")
            if issue_form.is_valid():
                data = issue_form.cleaned_data
                try:
                    actions.issue(data["partner"], issue_form.member, data["amount"], currency=data["currency"],
                                  reference=request.POST.get("reference") or f"admin-{secrets.token_hex(6)}",
                                  memo=data["memo"] or _("issued in the admin by %(user)s") % {
                                      "user": request.user.get_username()})
                except actions.RewardsError as problem:
                    issue_form.add_error(None, problem.message)
                else:
                    messages.success(request, _("Issued %(amount)d %(currency)s to %(member)s.") % {
                        "amount": data["amount"], "currency": data["currency"], "member": issue_form.member})
                    return redirect("rewards_partner_books")
        elif "token-partner" in request.POST:
            token_form = TokenForm(request.POST, prefix="token")
            if token_form.is_valid():
                shown_token = secrets.token_urlsafe(32)
                PartnerToken.objects.create(partner=token_form.cleaned_data["partner"],
                                            name=token_form.cleaned_data["name"], digest=token_hash(shown_token),
                                            prefix=shown_token[:8])
                token_form = TokenForm(prefix="token")
        elif "revoke" in request.POST:
            PartnerToken.objects.filter(pk=request.POST["revoke"], revoked_at__isnull=True).update(
                revoked_at=timezone.now())
            messages.success(request, _("The token was revoked."))
            return redirect("rewards_partner_books")
    today = timezone.localdate()
    currencies = [{"currency": c, "rows": actions.books(c)}
                  for c in Currency.objects.filter(kind=Currency.Kind.SHARED)]
    return render(request, "rewards/admin/partner_books.html", {
        "currencies": currencies, "issue_form": issue_form, "token_form": token_form, "shown_token": shown_token,
        "tokens": PartnerToken.objects.select_related("partner").filter(revoked_at__isnull=True),
        "start": today.replace(day=1), "end": today,
        "can_change": request.user.has_perm("rewards.add_partnertoken")},
        status=400 if issue_form.errors or token_form.errors else 200)


def _cell(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not text.lstrip("-").isdigit() else text


def settlement_csv(request: HttpRequest, partner_id: int) -> HttpResponse:
    _require(request, "rewards.view_entry")
    partner = get_object_or_404(Partner, pk=partner_id)
    form = PeriodForm(request.GET)
    if not form.is_valid() or (form.cleaned_data["end"] - form.cleaned_data["start"]) > timedelta(days=366):
        return HttpResponse(_("Choose a currency and a period of at most a year (YYYY-MM-DD)."), status=400,
                            content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    report = actions.settlement(partner, data["currency"], data["start"], data["end"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"settlement-{partner.pk}-{data['currency'].code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 (Korean names, memos) only with the mark
    out = csv.writer(response)
    out.writerow([_("time"), _("kind"), _("entry"), _("member"), _("amount"), _("reference"), _("memo")])
    for line in report["lines"]:
        out.writerow([line["time"].strftime("%Y-%m-%d %H:%M:%S"), line["kind"], line["entry"], line["member"],
                      line["amount"], _cell(line["reference"]), _cell(line["memo"])])
    out.writerow([])
    for label, value in ((_("partner"), _cell(partner.name)), (_("currency"), data["currency"].code),
                         (_("period"), f"{data['start']:%Y-%m-%d} – {data['end']:%Y-%m-%d}"),
                         (_("issued"), report["issued"]), (_("accepted"), report["accepted"]),
                         (_("net (accepted − issued)"), report["net"]),
                         (_("outstanding at the end"), report["outstanding"])):
        out.writerow([label, value])
    return response


__all__ = ["partner_books", "settlement_csv"]
