"""Search in the admin: insights with charts, the zero-result report, synonyms and promotions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from cms.charts import chart, series

from . import actions, reports
from .forms import PromotionForm, SynonymForm
from .models import Promotion, Synonym


class PrefilledCreateView(CreateView):
    """The zero-result report links here with the query filled in (?query=… or ?term=…)."""

    def get_initial(self):
        initial = super().get_initial()
        for key in ("query", "term"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key][:200]
        return initial


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "link"
    menu_label = gettext_lazy("Synonyms")
    list_display = ["term", "synonyms", "status", "evidence", "decided_at"]
    list_filter = ["status"]
    search_fields = ["term"]
    add_view_class = PrefilledCreateView
    edit_handler = ObjectList([FieldPanel("term"), FieldPanel("synonyms"), FieldPanel("status")],
                              base_form_class=SynonymForm)


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "pick"
    menu_label = gettext_lazy("Promotions")
    list_display = ["query", "page", "starts_at", "ends_at", "sort_order"]
    search_fields = ["query"]
    add_view_class = PrefilledCreateView
    edit_handler = ObjectList([
        FieldPanel("query"), PageChooserPanel("page"), FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("sort_order"),
    ], base_form_class=PromotionForm)


class SearchGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Search")
    menu_icon = "search"
    menu_order = 310
    items = (SynonymViewSet, PromotionViewSet)


register_snippet(SearchGroup)


def _require_editor(request: HttpRequest) -> None:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied


def insights_view(request: HttpRequest):
    _require_editor(request)
    try:
        days = min(max(int(request.GET.get("days", 30)), 7), 365)
    except ValueError:
        days = 30
    rows = reports.daily(days)
    labels = [r.day.isoformat() for r in rows]
    zero = reports.zero_result_queries(days)
    for row in zero:
        row["promote_href"] = reverse("wagtailsnippets_site_search_promotion:add") + "?" + urlencode(
            {"query": row["query"]})
        row["synonym_href"] = reverse("wagtailsnippets_site_search_synonym:add") + "?" + urlencode(
            {"term": row["query"]})
    context = {
        "days": days,
        "summary": reports.summary(days),
        "searches_chart": chart("searches", _("Searches per day"), labels,
                                [series(_("searches"), [r.searches for r in rows])], axis_label=_("Day")),
        "rates_chart": chart("search-rates", _("Zero-result and click-through rates per day"), labels,
                             [series(_("found nothing"), [r.zero_rate for r in rows], kind="line"),
                              series(_("click-through rate"), [r.click_rate for r in rows], kind="line")],
                             axis_label=_("Day"), percent=True),
        "top": reports.top_queries(days),
        "zero": zero,
        "proposals": Synonym.objects.filter(status=Synonym.Status.PROPOSED).order_by("-evidence", "term")[:20],
    }
    return TemplateResponse(request, "search/admin/insights.html", context)


@require_POST
def draft_from_query_view(request: HttpRequest):
    _require_editor(request)
    query = request.POST.get("query", "")
    language = request.POST.get("language", "ko")
    try:
        page = actions.start_draft_article(query, request.user, language=language)
    except ValueError:
        messages.error(request, _("A draft needs a query and an article section in that language."))
        return redirect("site_search_insights")
    messages.success(request, _("Draft “%(title)s” created. Write it, then send it for approval.") % {
        "title": page.title})
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def decide_synonym_view(request: HttpRequest, pk: int, decision: str):
    _require_editor(request)
    synonym = Synonym.objects.filter(pk=pk).first()
    if synonym is None or decision not in ("approve", "reject"):
        raise PermissionDenied
    if decision == "approve":
        actions.approve_synonym(synonym, request.user)
        messages.success(request, _("Synonym approved: searches for “%(term)s” now also find %(others)s.") % {
            "term": synonym.term, "others": ", ".join(synonym.synonyms)})
    else:
        actions.reject_synonym(synonym, request.user)
        messages.success(request, _("Proposal rejected."))
    return redirect("site_search_insights")


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [
        path("search/insights/", insights_view, name="site_search_insights"),
        path("search/draft/", draft_from_query_view, name="site_search_draft"),
        path("search/synonyms/<int:pk>/<str:decision>/", decide_synonym_view, name="site_search_decide_synonym"),
    ]


@hooks.register("register_reports_menu_item")
def register_insights_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(gettext_lazy("Search insights"), reverse("site_search_insights"), icon_name="search",
                    order=910)
