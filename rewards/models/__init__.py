from .ledger import Account, Currency, Entry, Posting
from .rules import EarningRule, Event

__all__ = ["Account", "Currency", "EarningRule", "Entry", "Event", "Posting"]
