from .catalogue import Coupon, Reward
from .ledger import Account, Currency, Entry, Posting
from .partners import PartnerToken
from .rules import EarningRule, Event
from .standings import LeaderboardExclusion, LeaderboardSettings, Period, Standing

__all__ = ["Account", "Coupon", "Currency", "EarningRule", "Entry", "Event", "LeaderboardExclusion",
           "LeaderboardSettings", "PartnerToken", "Period", "Posting", "Reward", "Standing"]
