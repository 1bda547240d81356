"""The rules of rewards live here; receivers, views, the API and the admin call these functions."""

from .earning import award, check_in, reverse_awards
from .errors import RewardsError
from .ledger import account_for, balance, books_balance, history, points
from .redeeming import redeem, use_coupon
from .standings import leaderboard, period_starts, standing_of

__all__ = ["RewardsError", "account_for", "award", "balance", "books_balance", "check_in", "history",
           "leaderboard", "period_starts", "points", "redeem", "reverse_awards", "standing_of", "use_coupon"]
