import os
import subprocess
import sys
from pathlib import Path

from django.db import connection, connections

import pytest

from cms.entries.loading import load_guide

ROOT = Path(__file__).resolve().parents[3]

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL seulement (make test-postgres)",
)


@pytest.fixture
def guide(db):
    load_guide()


@pytest.fixture
def stop_database(monkeypatch):
    """Call it to make every new query fail as when PostgreSQL is stopped or unreachable."""

    def stop():
        def create_cursor(*args, **kwargs):
            # The driver's own error, turned into Django's by its wrapper as in a real outage.
            raise connection.Database.OperationalError(
                "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
            )

        # On the class: every thread's connection fails, /healthz's own thread included.
        monkeypatch.setattr(type(connections["default"]), "create_cursor", create_cursor)

    return stop


@pytest.fixture
def database_down(stop_database):
    stop_database()


def run_django(code, settings="cms.settings.production", **env):
    """Run `code` in a fresh interpreter with the given settings and environment."""
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    full_env.update({"DJANGO_SETTINGS_MODULE": settings, **env})
    full_env = {key: value for key, value in full_env.items() if value is not None}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
