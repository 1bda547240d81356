"""The scratch PostgreSQL database a bench writes into: dropped and made again, migrated, and Django
set up in the bench's own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def recreate(database: str) -> None:
    """Drop and create the database named at the end of ``database`` (a postgres:// URL)."""
    name = database.rsplit("/", 1)[1]
    admin = database.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)


def reset(database: str) -> None:
    """A fresh, migrated database."""
    recreate(database)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
