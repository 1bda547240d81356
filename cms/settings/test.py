"""Test settings: fast hashing, local memory cache, email kept in memory unless a test asks for SMTP."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0  # tests about content see fresh pages; the cache tests switch it on
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
INSIGHTS_BUFFER_VIEWS = False  # a view is in the database when the beacon answers (the buffer's own tests turn it on)
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = VAR_DIR / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SEARCH_SUGGESTIONS_TTL = 0  # "people also searched" straight from the logs, so tests see their own searches
NURTURE_SEND_WINDOW = (0, 24)  # tests run at any hour; the send-window test sets its own
LISTENING_SEED_LABELS = False  # tests train from their own labels; the seed's own test switches it on
# The inbound email webhook is mounted with test keys (the tests sign their payloads with them).
ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": "test-mailgun-signing-key", "WEBHOOK_SECRET": "inbound:test-secret"}
