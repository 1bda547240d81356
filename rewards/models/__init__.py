from .cards import RARITY_WEIGHT, Card, CardCopy, CardSet, Rarity
from .catalogue import Coupon, Reward
from .ledger import Account, Currency, Entry, Posting
from .missions import Mission, MissionCompletion, MissionSeries, MissionStep, run_of
from .partners import PartnerToken
from .ranks import Badge, MemberBadge, Rank
from .referrals import Referral
from .rules import EarningRule, Event
from .standings import LeaderboardExclusion, LeaderboardSettings, Period, Standing

__all__ = ["RARITY_WEIGHT", "Account", "Badge", "Card", "CardCopy", "CardSet", "Coupon", "Currency", "EarningRule",
           "Entry", "Event", "LeaderboardExclusion", "LeaderboardSettings", "MemberBadge", "Mission",
           "MissionCompletion", "MissionSeries", "MissionStep", "PartnerToken", "Period", "Posting", "Rank", "Rarity",
           "Referral", "Reward", "Standing", "run_of"]
