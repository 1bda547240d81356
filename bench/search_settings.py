"""Settings for bench/search: the dev settings on a scratch database, plus the peer's model.

The scratch database is a SQLite file under var/bench-search, or the PostgreSQL database that
BENCH_DATABASE_URL names (bench/search.py --database postgresql sets it, and drops and recreates it).
"""

import os

os.environ.setdefault("VAR_DIR", str(__import__("pathlib").Path(__file__).resolve().parent.parent / "var" /
                                     "bench-search"))
for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL"):
    os.environ.pop(key, None)  # the embedded backend is what this bench measures, on a database of its own
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

from cms.settings.dev import *  # noqa: E402, F403

DEBUG = False  # no query log kept in memory
INSTALLED_APPS = [*INSTALLED_APPS, "bench.peer"]  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": True}
SEARCH_BACKEND = "embedded"
