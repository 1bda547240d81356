"""The shop wizard in the admin: catalogue, wizards with a weights matrix, CSV import, analytics."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.charts import chart, series

from . import actions, reports
from .models import Partner, Product, ProductTag, Wizard


class WizardViewSet(SnippetViewSet):
    model = Wizard
    icon = "help"
    menu_label = gettext_lazy("Wizards")
    list_display = ["title", "slug", "language", "version", "live"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = gettext_lazy("Products")
    list_display = ["title", "sku", "partner", "price", "availability", "active"]
    list_filter = ["partner", "availability", "active", "language"]
    search_fields = ["title", "sku"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = gettext_lazy("Partners")
    list_display = ["name", "site", "referral_code", "active"]


class ProductTagViewSet(SnippetViewSet):
    model = ProductTag
    icon = "tag"
    menu_label = gettext_lazy("Product tags")
    list_display = ["name", "slug", "group"]
    list_filter = ["group"]


class ShopGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Shop wizard")
    menu_icon = "pick"
    menu_order = 330
    items = (WizardViewSet, ProductViewSet, PartnerViewSet, ProductTagViewSet)


register_snippet(ShopGroup)


def _cell(raw_value: dict, slug: str) -> str:
    if slug in (raw_value.get("require") or []):
        return "R"
    if slug in (raw_value.get("exclude") or []):
        return "X"
    for boost in raw_value.get("boosts") or []:
        item = boost.get("value", boost)
        if item.get("tag") == slug:
            return str(item.get("weight", ""))
    return ""


def _parse_cell(text: str) -> tuple[str, int | None]:
    """'' → nothing; 'R' → require; 'X' → exclude; a whole number −10…10 → a weight."""
    text = text.strip().upper()
    if text in ("", "0"):
        return "", None
    if text in ("R", "X"):
        return text, None
    try:
        weight = int(text.replace("+", ""))
    except ValueError as error:
        raise ValueError(_("“%(v)s” is not R, X or a whole number.") % {"v": text[:10]}) from error
    if not -10 <= weight <= 10:
        raise ValueError(_("Weights run from −10 to 10."))
    return "W", weight


def matrix(request, pk: int):
    """Options × tags on one screen: every weight and rule of the wizard's draft edited at once."""
    if not request.user.has_perm("shop_wizard.change_wizard"):
        raise PermissionDenied
    wizard = get_object_or_404(Wizard, pk=pk)
    draft = wizard.get_latest_revision_as_object() if wizard.latest_revision_id else wizard
    tags = list(ProductTag.objects.order_by("group", "slug"))
    questions = list(draft.questions.all())
    errors: dict[str, str] = {}
    if request.method == "POST":
        changed = []
        for question in questions:
            raw = [dict(block) for block in question.options.raw_data]
            for block in raw:
                value = dict(block["value"])
                require, exclude, boosts = [], [], []
                for tag in tags:
                    name = f"c-{block['id']}-{tag.slug}"
                    try:
                        kind, weight = _parse_cell(request.POST.get(name, ""))
                    except ValueError as error:
                        errors[name] = str(error)
                        continue
                    if kind == "R":
                        require.append(tag.slug)
                    elif kind == "X":
                        exclude.append(tag.slug)
                    elif kind == "W":
                        boosts.append({"type": "item", "value": {"tag": tag.slug, "weight": weight},
                                       "id": str(uuid.uuid4())})
                value.update(require=require, exclude=exclude, boosts=boosts)
                block["value"] = value
            changed.append((question, raw))
        if not errors:
            for question, raw in changed:
                question.options = raw
            draft.questions = questions
            draft.save_revision(user=request.user, log_action=True)
            messages.success(request, _("Weights saved as a draft. Preview and publish the wizard to use them."))
            return redirect("shop_wizard_matrix", pk=wizard.pk)
        messages.error(request, _("Some cells could not be read; nothing was saved."))
    rows = []
    for question in questions:
        for block in question.options.raw_data:
            cells = []
            for tag in tags:
                name = f"c-{block['id']}-{tag.slug}"
                cells.append({"name": name, "tag": tag, "value": request.POST.get(name, "") if errors
                              else _cell(block["value"], tag.slug), "error": errors.get(name, "")})
            rows.append({"question": question.text, "option": block["value"].get("label", ""), "cells": cells})
    return TemplateResponse(request, "shop_wizard/admin/matrix.html", {
        "wizard": wizard, "tags": tags, "rows": rows, "errors": errors,
        "edit_url": reverse("wagtailsnippets_shop_wizard_wizard:edit", args=[wizard.pk]),
    })


def analytics(request, pk: int | None = None):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied

    wizards = list(Wizard.objects.order_by("title"))
    wizard = get_object_or_404(Wizard, pk=pk) if pk else (wizards[0] if wizards else None)
    context = {"wizards": wizards, "wizard": wizard, "partners": reports.partners()}
    if wizard is not None:
        funnel = reports.funnel(wizard)
        starts, done, labels = reports.per_day(wizard)
        context.update(funnel=funnel, days_chart=chart(
            "wizard-days", _("Starts and completions per day"), labels,
            [series(_("Starts"), starts), series(_("Completions"), done)], axis_label=_("Day")),
            drop_chart=chart("wizard-drop-off", _("Visitors who left at each question"),
                             [q["text"] for q in funnel["questions"]],
                             [series(_("Left here"), [q["dropped"] for q in funnel["questions"]])],
                             axis_label=_("Question"), horizontal=True,
                             height=max(160, 36 * len(funnel["questions"]) + 48)))
    return TemplateResponse(request, "shop_wizard/admin/analytics.html", context)


def import_csv(request):
    if not request.user.has_perm("shop_wizard.add_product"):
        raise PermissionDenied
    report = error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a CSV file.")
        else:
            try:
                report = actions.import_products(upload.read(actions.MAX_CSV_BYTES + 1))
            except actions.WizardInputError as exc:
                error = exc.message
    return TemplateResponse(request, "shop_wizard/admin/import.html", {
        "report": report, "error": error, "columns": actions.CSV_COLUMNS}, status=400 if error else 200)


@hooks.register("register_admin_urls")
def urls():
    return [path("shop-wizard/<int:pk>/matrix/", matrix, name="shop_wizard_matrix"),
            path("shop-wizard/analytics/", analytics, name="shop_wizard_analytics"),
            path("shop-wizard/analytics/<int:pk>/", analytics, name="shop_wizard_analytics_for"),
            path("shop-wizard/import/", import_csv, name="shop_wizard_import")]


@hooks.register("register_reports_menu_item")
def analytics_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(gettext_lazy("Shop wizard analytics"), reverse("shop_wizard_analytics"), icon_name="pick",
                    order=320)


@hooks.register("register_snippet_listing_buttons")
def matrix_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Wizard) and user.has_perm("shop_wizard.change_wizard"):
        yield ListingButton(_("Weights matrix"), reverse("shop_wizard_matrix", args=[snippet.pk]), priority=30)
    if isinstance(snippet, Product) and user.has_perm("shop_wizard.add_product"):
        yield ListingButton(_("Import CSV"), reverse("shop_wizard_import"), priority=40)
