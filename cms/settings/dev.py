import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403

# Runserver serves files from static/ directly; no manifest needed while editing CSS.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
