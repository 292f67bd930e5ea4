import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405

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
