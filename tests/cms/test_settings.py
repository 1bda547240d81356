"""Production settings come from the environment, refuse to start without a key, pass check --deploy."""

import email
import os
import secrets
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    # A deployment's environment: nothing the test session set for itself (the browser tests allow
    # sync ORM calls beside Playwright's event loop, which check --deploy rightly refuses).
    test_only = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in test_only}
    base.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage("check", DJANGO_SETTINGS_MODULE="cms.settings.production", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_check_deploy(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="www.example.com", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_outbox_backend_writes_one_eml_per_message(settings, tmp_path):
    settings.EMAIL_BACKEND = "cms.mail.OutboxEmailBackend"
    settings.EMAIL_OUTBOX_DIR = tmp_path
    EmailMessage("참가 확정", "본문입니다", "from@example.com", ["to@example.com"]).send()
    EmailMessage("Second", "Body", "from@example.com", ["to@example.com"]).send()
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    parsed = [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert sorted(m["Subject"] for m in parsed) == ["Second", "참가 확정"]


@pytest.mark.postgres
def test_database_url_selects_postgres():
    from django.conf import settings

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (.ci/run does)")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
