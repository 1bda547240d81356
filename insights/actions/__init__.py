"""The rules of insights live here; the beacon view, tasks and admin pages call these functions."""

from .recording import ViewError, record_view
from .rollups import prune, rollup

__all__ = ["ViewError", "prune", "record_view", "rollup"]
