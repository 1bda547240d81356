"""The rules of rewards live here; receivers, views, the API and the admin call these functions."""

from . import ledger, missions, ranks
from .cards import album, draw, gift, give_card
from .earning import award, check_in, forget_rules, reverse_awards
from .errors import RewardsError
from .ledger import account_for, balance, books_balance, history, points
from .missions import after_awards, complete, progress, running
from .partners import accept, books, issue, issue_by_code, settlement, shared_currency
from .ranks import give_badge, lifetime_points, may_post_links, rank_of
from .redeeming import grant, redeem, use_coupon
from .standings import leaderboard, period_starts, standing_of


def forget_all(**kwargs) -> None:
    """Drop what each process keeps a few seconds (rules, ranks, badges, missions, the issuer): after an
    editor's change in this process, and between tests (a rolled-back database reuses ids)."""
    ledger.forget()
    forget_rules()
    ranks.forget()
    missions.forget()


__all__ = ["RewardsError", "accept", "account_for", "after_awards", "album", "award", "balance", "books",
           "books_balance", "check_in", "complete", "draw", "forget_all", "gift", "give_badge", "give_card", "grant",
           "history", "issue", "issue_by_code", "leaderboard", "lifetime_points", "may_post_links", "period_starts",
           "points", "progress", "rank_of", "redeem", "reverse_awards", "running", "settlement", "shared_currency",
           "standing_of", "use_coupon"]
