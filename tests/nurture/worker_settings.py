"""Settings for the real Celery worker the nurture worker test starts: the test database, real SMTP."""

import os

from cms.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT = "127.0.0.1", int(os.environ.get("NURTURE_TEST_SMTP_PORT", 2525))
CELERY_TASK_ALWAYS_EAGER = False
