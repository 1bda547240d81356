"""The rules of insights live here; the beacon view, tasks and admin pages call these functions."""

from .attribution import convert
from .recording import ViewError, record_view
from .rollups import prune, rollup

__all__ = ["ViewError", "convert", "prune", "record_view", "rollup"]
