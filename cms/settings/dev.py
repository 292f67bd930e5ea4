import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403

# Runserver serves files from static/ directly; no manifest needed while editing CSS.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# On a developer's machine a test page served from any local port may embed the forms
# (the consultation "embed" check); production keeps the list from the environment.
if "CONSULTATION_EMBED_ALLOWED_ORIGINS" not in os.environ:
    CONSULTATION_EMBED_ALLOWED_ORIGINS = [
        *CONSULTATION_EMBED_ALLOWED_ORIGINS,  # noqa: F405
        "http://127.0.0.1:*",
        "http://localhost:*",
    ]

# Links in the API, embed code and e-mails name the port `make run` actually serves on,
# unless the developer set BASE_URL on purpose.
BASE_URL_FROM_REQUEST = "BASE_URL" not in os.environ
# Outside a request (the worker's e-mails, PDFs and static site; Wagtail's workflow
# e-mails, which read WAGTAILADMIN_BASE_URL) the address is the one `manage.py runall`
# serves, which it passes to its processes.
if BASE_URL_FROM_REQUEST and os.environ.get("DEV_SERVER_URL"):
    BASE_URL = os.environ["DEV_SERVER_URL"].rstrip("/")
    WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = BASE_URL
    if "STATIC_SITE_URL" not in os.environ:
        STATIC_SITE_URL = BASE_URL
