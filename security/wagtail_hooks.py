from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_unlock, locked_sign_ins_view


@hooks.register("register_admin_urls")
def register_locked_sign_ins_url():
    return [path("security/locked-sign-ins/", locked_sign_ins_view, name="security_locked_sign_ins")]


class UnlockMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_locked_sign_ins_menu_item():
    return UnlockMenuItem(gettext_lazy("Locked sign-ins"), reverse("security_locked_sign_ins"), icon_name="lock",
                          order=900)
