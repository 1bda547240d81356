"""The rules of rewards live here; receivers, views, the API and the admin call these functions."""

from .earning import award, check_in, reverse_awards
from .errors import RewardsError
from .ledger import account_for, balance, books_balance, history, points
from .partners import accept, books, issue, issue_by_code, settlement, shared_currency
from .redeeming import redeem, use_coupon
from .standings import leaderboard, period_starts, standing_of

__all__ = ["RewardsError", "accept", "account_for", "award", "balance", "books", "books_balance", "check_in",
           "history", "issue", "issue_by_code", "leaderboard", "period_starts", "points", "redeem", "reverse_awards",
           "settlement", "shared_currency", "standing_of", "use_coupon"]
