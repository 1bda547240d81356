"""The rules of rewards live here; receivers, views, the API and the admin call these functions."""

from .earning import award, reverse_awards
from .errors import RewardsError
from .ledger import account_for, balance, books_balance, history, points

__all__ = ["RewardsError", "account_for", "award", "balance", "books_balance", "history", "points",
           "reverse_awards"]
