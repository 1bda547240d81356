"""Rewards in the admin: the earning rules editors tune (points, daily caps, dates), the currencies,
and the ledger (read only: entries are never edited, a mistake is reversed)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_partners import partner_books, settlement_csv
from .admin_views import checkin_codes
from .models import Coupon, Currency, EarningRule, Entry, LeaderboardExclusion, Reward


class RuleViewSet(SnippetViewSet):
    model = EarningRule
    icon = "pick"
    menu_label = _("Earning rules")
    list_display = ["name", "event", "points", "daily_cap", "enabled"]
    list_filter = ["event", "enabled"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]), FieldPanel("event"),
              FieldRowPanel([FieldPanel("points"), FieldPanel("currency"), FieldPanel("daily_cap")]),
              FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]), FieldPanel("enabled")]


class CurrencyViewSet(SnippetViewSet):
    model = Currency
    icon = "tag"
    menu_label = _("Currencies")
    list_display = ["name", "code", "kind"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The ledger is append-only: nobody adds, edits or deletes an entry in the admin."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete", "copy") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "list-ul"
    menu_label = _("Ledger")
    list_display = ["created_at", "member", "kind", "amount", "currency", "rule"]
    list_filter = ["kind", "currency"]
    ordering = ["-created_at"]
    inspect_view_enabled = True


class ExclusionViewSet(SnippetViewSet):
    model = LeaderboardExclusion
    icon = "user"
    menu_label = _("Left off the leaderboards")
    list_display = ["member", "by_member", "note"]


class RewardViewSet(SnippetViewSet):
    model = Reward
    icon = "pick"
    menu_label = _("Rewards to redeem")
    list_display = ["name", "price", "currency", "partner", "stock", "active"]
    list_filter = ["active", "currency"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]), FieldPanel("description"),
              FieldRowPanel([FieldPanel("price"), FieldPanel("currency"), FieldPanel("partner")]),
              FieldRowPanel([FieldPanel("stock"), FieldPanel("per_member"), FieldPanel("valid_days")]),
              FieldPanel("active")]


class CouponViewSet(SnippetViewSet):
    model = Coupon
    icon = "tag"
    menu_label = _("Coupons")
    list_display = ["code", "reward", "member", "created_at", "expires_at", "used_at"]
    search_fields = ["code"]
    inspect_view_enabled = True


class RewardsGroup(SnippetViewSetGroup):
    menu_label = _("Rewards")
    menu_icon = "pick"
    menu_order = 310
    items = (RuleViewSet, RewardViewSet, CouponViewSet, CurrencyViewSet, EntryViewSet, ExclusionViewSet)


register_permission_policy(Entry, ReadOnlyPolicy(Entry))
register_permission_policy(Coupon, ReadOnlyPolicy(Coupon))  # taken through use_coupon, never edited
register_snippet(RewardsGroup)


@hooks.register("register_admin_urls")
def urls():
    return [path("rewards/check-in-codes/", checkin_codes, name="rewards_checkin_codes"),
            path("rewards/partners/", partner_books, name="rewards_partner_books"),
            path("rewards/partners/<int:partner_id>/settlement.csv", settlement_csv, name="rewards_settlement_csv")]


@hooks.register("register_admin_menu_item")
def checkin_menu_item():
    return MenuItem(_("Event check-in codes"), reverse("rewards_checkin_codes"), icon_name="pick", order=311)


@hooks.register("register_admin_menu_item")
def partner_books_menu_item():
    return MenuItem(_("Partner currency"), reverse("rewards_partner_books"), icon_name="tag", order=312)
