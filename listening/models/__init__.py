from .advocacy import Contribution
from .cases import Case, CaseNote, CaseReply, ComplaintType, Priority
from .learning import Label, SentimentModel
from .mentions import Mention, Sentiment, Source, token_hash
from .nps import NpsSurvey
from .staff import StaffAccount

__all__ = ["Case", "CaseNote", "CaseReply", "ComplaintType", "Contribution", "Label", "Mention", "NpsSurvey",
           "Priority", "Sentiment", "SentimentModel", "Source", "StaffAccount", "token_hash"]
