"""Production settings serving the bench's anchors beside the project (bench/urls.py), so
the project's views and the bare ones run in the same gunicorn workers."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
