"""The rules of listening live here; tasks, admin views and the API call these functions."""

from .community import collect_community, community_source
from .importing import ImportReport, import_csv
from .ingest import Incoming, IngestResult, fingerprint, ingest, source_named

__all__ = ["ImportReport", "Incoming", "IngestResult", "collect_community", "community_source", "fingerprint",
           "import_csv", "ingest", "source_named"]
