"""The rules of listening live here; tasks, admin views and the API call these functions."""

from . import learning
from .community import collect_community, community_source
from .feeds import FeedResult, pull_feed, pull_feeds
from .importing import ImportReport, import_csv
from .ingest import Incoming, IngestResult, fingerprint, ingest, source_named
from .learning import classify, label, train

__all__ = ["FeedResult", "ImportReport", "Incoming", "IngestResult", "classify", "collect_community",
           "community_source", "fingerprint", "import_csv", "ingest", "label", "learning", "pull_feed", "pull_feeds",
           "source_named", "train"]
