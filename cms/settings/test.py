import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

# `make test` runs the suite in several processes (pytest-xdist: gw0, gw1...). Each has its
# own test database (pytest-django adds the suffix); it also needs its own Redis database,
# because a test empties the cache (FLUSHDB) while another process's test uses it, and its
# own media folder, where two processes would build the same PDF files.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and os.environ.get("REDIS_URL"):
    _redis = urlsplit(os.environ["REDIS_URL"])
    _number = int(_redis.path.strip("/") or 0) + int(XDIST_WORKER.removeprefix("gw"))
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{_number}"))

from .base import *  # noqa: E402, F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / f"test-media{XDIST_WORKER and '-' + XDIST_WORKER}"  # noqa: F405

# --- operations (cms.ops) ---
# Background work runs inline so a test sees its outcome; tests of the worker switch
# "background" to the database backend themselves.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# A test that changes content without a signal (queryset.update(), an expiry date) reads
# the next live page at once; tests/cms/pages/test_shared_fragments.py sets it itself.
LIVE_VERSION_TTL = 0
# Tests that follow publications into the site and the PDFs turn it on themselves.
PUBLISH_FOLLOWS_CONTENT = False
# Client.login() authenticates without a request, which django-axes refuses; the lockout
# tests turn it back on.
AXES_ENABLED = False
