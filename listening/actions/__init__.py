"""The rules of listening live here; tasks, admin views and the API call these functions."""

from . import learning
from .advocacy import collect_advocacy
from .cases import CaseError, alert_overdue, measures, note, open_case, reply, resolve, suggest_types
from .community import collect_community, community_source
from .email import receive_email
from .feeds import FeedResult, pull_feed, pull_feeds
from .importing import ImportReport, import_csv, import_export
from .inbox_filter import InboxFilter, capped_count, inbox
from .ingest import Incoming, IngestResult, fingerprint, ingest, source_named
from .judging import judge_mentions
from .learning import classify, label, train
from .site_forms import collect_site_forms

__all__ = ["CaseError", "FeedResult", "ImportReport", "InboxFilter", "Incoming", "IngestResult", "alert_overdue",
           "capped_count", "classify", "collect_advocacy", "collect_community", "collect_site_forms",
           "community_source", "fingerprint", "import_csv", "import_export", "inbox", "ingest", "judge_mentions",
           "label", "learning", "measures", "note", "open_case", "pull_feed", "pull_feeds", "receive_email", "reply",
           "resolve", "source_named", "suggest_types", "train"]
