"""Settings for bench/nurture: the dev settings on a scratch database, mail to the bench's SMTP sink."""

import os
from pathlib import Path

os.environ.setdefault("VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench-nurture"))
os.environ.pop("ELASTICSEARCH_URL", None)
os.environ.pop("REDIS_URL", None)  # the cache stays in files under var/, shared by the bench and its worker

from cms.settings.dev import *  # noqa: E402, F403

DEBUG = False  # no query log kept in memory
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT = "127.0.0.1", int(os.environ.get("BENCH_SMTP_PORT", 2525))
NURTURE_SEND_WINDOW = (0, 24)  # the bench runs at any hour
CELERY_TASK_ALWAYS_EAGER = False
