"""Admin additions: the "File a post" dashboard panel and the event registrations list."""

from django.contrib import messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import actions
from .cache import mark_cacheable
from .forms import FilePostForm
from .models.events import EventRegistration
from .models.visibility import is_staff_user
from .sharing import link_builder


class FilePostPanel(Component):
    """Filing a post should take under a minute: five fields, one button, straight to approval."""

    name = "file_post"
    order = 50
    template_name = "cms/admin/file_post_panel.html"

    def __init__(self, request: HttpRequest, form: FilePostForm | None = None):
        self.request = request
        self.form = form or FilePostForm(initial={"language": request.LANGUAGE_CODE[:2]})

    def get_context_data(self, parent_context=None):
        # A component renders without the request, so the CSRF token is handed over here: without
        # it the dashboard's form (and its topic suggestions) would be refused with a 403.
        return {"form": self.form, "action": reverse("cms_file_post"), "csrf_token": get_token(self.request),
                "link_builder": link_builder(self.request)}


hooks.register("before_serve_page", mark_cacheable)


@hooks.register("construct_homepage_panels")
def add_file_post_panel(request, panels):
    if is_staff_user(request.user):
        panels.append(FilePostPanel(request))


def file_post_view(request: HttpRequest):
    if not is_staff_user(request.user):
        messages.error(request, _("Only staff can file posts."))
        return redirect("wagtailadmin_home")
    form = FilePostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = actions.file_post(request.user, **form.cleaned_data)
        except actions.FilingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” was filed and sent for approval.") % {"title": post.title},
            )
            return redirect("wagtailadmin_pages:edit", post.pk)
    return TemplateResponse(
        request, "cms/admin/file_post.html", {"form": form, "action": reverse("cms_file_post")},
        status=400 if request.method == "POST" else 200,
    )


def seo_report_view(request: HttpRequest):
    from django.core.exceptions import PermissionDenied

    from .seo_report import ISSUES, images_without_alt, page_rows

    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = page_rows()
    counts = {code: sum(1 for r in rows if r.issue == code) for code in ISSUES}
    summary = [(code, label, counts[code]) for code, label in ISSUES.items() if counts[code]]
    return TemplateResponse(request, "cms/admin/seo_report.html",
                            {"rows": rows, "summary": summary, "images": images_without_alt()})


@hooks.register("register_admin_urls")
def register_file_post_url():
    return [
        path("file-post/", file_post_view, name="cms_file_post"),
        path("reports/seo/", seo_report_view, name="cms_seo_report"),
    ]


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(gettext_lazy("SEO report"), reverse("cms_seo_report"), icon_name="search", order=900)


@hooks.register("insert_editor_js")
def seo_preview_js():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}" defer></script>', static("cms/seo_preview.js"))


@hooks.register("insert_global_admin_js")
def charts_js():
    """Draws the admin's charts (cms/charts.py); loads ECharts itself only on a page with a chart."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}" defer></script>', static("cms/charts.js"))


class EventRegistrationViewSet(SnippetViewSet):
    model = EventRegistration
    icon = "group"
    menu_label = gettext_lazy("Registrations")
    list_display = ["name", "email", "event", "status", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email"]
    add_to_admin_menu = True
    menu_order = 300


register_snippet(EventRegistrationViewSet)
