from .cases import Case, CaseNote, CaseReply, ComplaintType, Priority
from .learning import Label, SentimentModel
from .mentions import Mention, Sentiment, Source, token_hash

__all__ = ["Case", "CaseNote", "CaseReply", "ComplaintType", "Label", "Mention", "Priority", "Sentiment",
           "SentimentModel", "Source", "token_hash"]
