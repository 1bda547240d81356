"""Rewards in the admin: the earning rules editors tune (points, daily caps, dates), the currencies,
and the ledger (read only: entries are never edited, a mistake is reversed)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_policies import ReadOnlyPolicy

from .admin_partners import partner_books, settlement_csv
from .admin_views import checkin_codes
from .models import (
    Badge,
    CardCopy,
    CardSet,
    Coupon,
    Currency,
    EarningRule,
    Entry,
    LeaderboardExclusion,
    MemberBadge,
    Mission,
    MissionCompletion,
    MissionSeries,
    Rank,
    Reward,
)


class RuleViewSet(SnippetViewSet):
    model = EarningRule
    icon = "pick"
    menu_label = _("Earning rules")
    list_display = ["name", "event", "points", "daily_cap", "enabled"]
    list_filter = ["event", "enabled"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]), FieldPanel("event"),
              FieldRowPanel([FieldPanel("points"), FieldPanel("currency"), FieldPanel("daily_cap")]),
              FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]),
              FieldRowPanel([FieldPanel("expires_after_days"), FieldPanel("card_set")]), FieldPanel("enabled")]


class CurrencyViewSet(SnippetViewSet):
    model = Currency
    icon = "tag"
    menu_label = _("Currencies")
    list_display = ["name", "code", "kind"]


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
              FieldRowPanel([FieldPanel("min_rank"), FieldPanel("active")])]


class CouponViewSet(SnippetViewSet):
    model = Coupon
    icon = "tag"
    menu_label = _("Coupons")
    list_display = ["code", "reward", "member", "created_at", "expires_at", "used_at"]
    search_fields = ["code"]
    inspect_view_enabled = True


class MissionViewSet(SnippetViewSet):
    model = Mission
    icon = "success"
    menu_label = _("Missions")
    list_display = ["name", "series", "position", "kind", "starts_at", "ends_at", "active"]
    list_filter = ["series", "kind", "active"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
              FieldRowPanel([FieldPanel("description"), FieldPanel("description_en")]),
              FieldRowPanel([FieldPanel("kind"), FieldPanel("group")]),
              MultiFieldPanel([FieldRowPanel([FieldPanel("series"), FieldPanel("position"), FieldPanel("days")]),
                               FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
                              heading=_("When: in a series, or between two dates")),
              InlinePanel("steps", label=_("Steps"), min_num=1),
              FieldRowPanel([FieldPanel("reward_points"), FieldPanel("reward_card"), FieldPanel("reward_coupon")]),
              FieldPanel("active")]


class SeriesViewSet(SnippetViewSet):
    model = MissionSeries
    icon = "list-ol"
    menu_label = _("Mission series")
    list_display = ["name", "starts_at", "active"]


class CompletionViewSet(SnippetViewSet):
    model = MissionCompletion
    icon = "success"
    menu_label = _("Completed missions")
    list_display = ["mission", "member", "run_starts", "completed_at"]
    list_filter = ["mission"]


class RankViewSet(SnippetViewSet):
    model = Rank
    icon = "order"
    menu_label = _("Ranks")
    list_display = ["name", "name_en", "threshold", "post_links"]


class BadgeViewSet(SnippetViewSet):
    model = Badge
    icon = "pick"
    menu_label = _("Badges")
    list_display = ["name", "criterion", "event", "count", "card_set"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]),
              FieldRowPanel([FieldPanel("description"), FieldPanel("description_en")]),
              FieldPanel("criterion"), FieldRowPanel([FieldPanel("event"), FieldPanel("count")]),
              FieldPanel("card_set")]


class MemberBadgeViewSet(SnippetViewSet):
    model = MemberBadge
    icon = "user"
    menu_label = _("Badges given")
    list_display = ["member", "badge", "awarded_at"]
    list_filter = ["badge"]


class CardSetViewSet(SnippetViewSet):
    model = CardSet
    icon = "image"
    menu_label = _("Card sets")
    list_display = ["name", "slug", "active"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]),
              FieldRowPanel([FieldPanel("description"), FieldPanel("description_en")]), FieldPanel("active"),
              InlinePanel("cards", label=_("Cards"), panels=[
                  FieldRowPanel([FieldPanel("number"), FieldPanel("name"), FieldPanel("name_en")]),
                  FieldRowPanel([FieldPanel("image"), FieldPanel("rarity")])])]


class CardCopyViewSet(SnippetViewSet):
    model = CardCopy
    icon = "image"
    menu_label = _("Cards held")
    list_display = ["card", "member", "obtained_at", "given_from", "given_away_at"]
    list_filter = ["card__card_set"]


class RewardsGroup(SnippetViewSetGroup):
    menu_label = _("Rewards")
    menu_icon = "pick"
    menu_order = 310
    items = (RuleViewSet, MissionViewSet, SeriesViewSet, CompletionViewSet, RankViewSet, BadgeViewSet,
             MemberBadgeViewSet, CardSetViewSet, CardCopyViewSet, RewardViewSet, CouponViewSet, CurrencyViewSet,
             EntryViewSet, ExclusionViewSet)


register_permission_policy(Entry, ReadOnlyPolicy(Entry))
register_permission_policy(Coupon, ReadOnlyPolicy(Coupon))  # taken through use_coupon, never edited
register_permission_policy(CardCopy, ReadOnlyPolicy(CardCopy))  # given by rules, missions and gifts
register_permission_policy(MissionCompletion, ReadOnlyPolicy(MissionCompletion))
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
