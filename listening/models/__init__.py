from .advocacy import Contribution
from .cases import Case, CaseNote, CaseReply, ComplaintType, Priority
from .learning import Label, SentimentModel
from .mentions import Mention, Sentiment, Source, token_hash
from .nps import NpsSurvey

__all__ = ["Case", "CaseNote", "CaseReply", "ComplaintType", "Contribution", "Label", "Mention", "NpsSurvey",
           "Priority", "Sentiment", "SentimentModel", "Source", "token_hash"]
