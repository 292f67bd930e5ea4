"""Settings shared by every environment.

Everything that differs between deployments is read from the environment here, so
`dev`, `test` and `production` only adjust defaults and hardening.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Only ever used on a developer's machine: production refuses to start without one.
        SECRET_KEY = "dev-only-insecure-key-participez"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY manquante : définissez la variable d'environnement SECRET_KEY "
            "(ou DEBUG=1 sur un poste de développement)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Public address of the live application (no trailing slash). The static site, the API
# and the PDF print absolute links from it.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Development only: absolute links follow the host and port serving each request
# (cms.core.addresses); production always uses BASE_URL.
BASE_URL_FROM_REQUEST = False

# Final order, written out: our apps first so their templates and static files win.
INSTALLED_APPS = [
    # The project, bottom layer first (pyproject.toml's import contract).
    "cms.core",
    "cms.ops",
    "cms.entries",
    "cms.consultations",
    "cms.pages",
    "cms.api",
    "guide",
    # Wagtail and the admin's operational tables.
    "wagtail_modeladmin",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "cms.ops.apps.UsersConfig",  # wagtail.users, with our groups described
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third-party: filters, background tasks, CSP, login lockout, CORS.
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "corsheaders",
    # Serves the v3 preview's Swagger UI from our own static files (its CDN page is blank
    # under the production CSP).
    "ninja",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# Final order, written out; each position has a reason.
MIDDLEWARE = [
    # The client's address is decided first: the lockout, rate limits and logs read it.
    "cms.ops.clients.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS must answer (and preflight) before CommonMiddleware may redirect; the API's
    # ETag and 304 handling comes next, so a 304 costs no session, auth or view work.
    "corsheaders.middleware.CorsMiddleware",
    "cms.api.caching.ApiHttpCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below static files: a database outage is a French 503 for pages, not for CSS.
    "cms.ops.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.core.addresses.RequestBaseUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.ops.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ by default so a newcomer needs nothing; DATABASE_URL
# (postgres://...) for everything else.
DEFAULT_SQLITE_PATH = VAR_DIR / "participez.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DEFAULT_SQLITE_PATH}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that hangs must not hang the application: a connection attempt gives up
    # after DATABASE_CONNECT_TIMEOUT seconds (libpq's minimum is 2) and a statement after
    # DATABASE_STATEMENT_TIMEOUT milliseconds (0: no limit, e.g. for a long migration).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
            "options": f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT', '15000'))}",
        }
    )
    # Prepared statements, for the statements that ask for one (the answers' INSERT,
    # cms.consultations.submissions): Django's own cursors bind client-side and never
    # prepare, and no count makes psycopg prepare anything else. 0 behind a pooler that
    # cannot keep them (PgBouncer in transaction mode before 1.21, or without
    # max_prepared_statements).
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "1":
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31
# /healthz answers within this many seconds whatever the database and Redis do.
HEALTHZ_TIMEOUT = float(os.environ.get("HEALTHZ_TIMEOUT", "4"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE transactions plus a busy
    # timeout make concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# Our corrections of Wagtail's French come first (cms/locale/fr/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Participez — Ville de Paris"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "direct"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# No Gravatar: editors' e-mail hashes stay with us, and the admin loads nothing from
# another origin (its CSP stays strict).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard's "new Wagtail release" check fetches releases.wagtail.org, which the
# admin's CSP (connect-src 'self') blocks with an error in the console: upgrades are ours.
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per background task and per revision is noise on a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}


# --- operations (cms.ops): database search, cache, background tasks, security, lockout ---
from csp.constants import NONE, SELF  # noqa: E402

IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    # Created by cms/ops/migrations: French stemming on top of unaccent, so "debat" finds
    # "débat" and "associations" finds "association".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"

# One Redis shared by every application process (rate limits, sessions, page and API
# caches); without it each process keeps its own memory cache, enough for one machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "participez",
            # Fail fast: /healthz and the pages must not hang on a dead Redis.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "participez",
        }
    }

# Wagtail's own short tasks (search index, reference index) stay on "default", run inline
# as before; publishing the site and building PDFs go to "background", a database queue
# served by `make worker` (manage.py db_worker), which survives a restart.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {
        "BACKEND": os.environ.get("BACKGROUND_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    },
}
# A RUNNING task whose worker has not been seen for this long is given back to the queue.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", 10))
WORKER_STALE_AFTER_SECONDS = int(os.environ.get("WORKER_STALE_AFTER_SECONDS", 120))
WORKER_MAX_ATTEMPTS = int(os.environ.get("WORKER_MAX_ATTEMPTS", 3))
# Each worker runs Wagtail's publish_scheduled this often: scheduled publishing and
# unpublishing happen at most this late, with no cron to set up.
SCHEDULED_PUBLISHING_SECONDS = int(os.environ.get("SCHEDULED_PUBLISHING_SECONDS", 30))
# The worker looks this often for entries due for review whose owner has not been
# e-mailed yet (cms.entries.reminders; each reminder is sent once per review cycle).
REVIEW_REMINDER_SECONDS = int(os.environ.get("REVIEW_REMINDER_SECONDS", 3600))
# Publishing an entry, a page or a consultation in the admin queues a static-site publish
# and the PDF rebuilds (guide.follow), this many seconds later so a burst of edits gives
# one run.
PUBLISH_FOLLOWS_CONTENT = env_bool("PUBLISH_FOLLOWS_CONTENT", True)
PUBLISH_DEBOUNCE_SECONDS = int(os.environ.get("PUBLISH_DEBOUNCE_SECONDS", 10))

# Strict policy for everything residents see: no inline script, no framing (the
# consultation embed views relax frame-ancestors per view with @csp_replace). The Wagtail
# admin ships inline scripts and previews in an iframe, so cms.ops.middleware gives
# /admin/ its own, looser policy.
CSP_EXTRA_IMG_SOURCES = env_list("CSP_EXTRA_IMG_SOURCES")  # e.g. the media CDN
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_EXTRA_IMG_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_URL_PREFIX = "/admin/"

# Brute force on the admin login: locked after AXES_FAILURE_LIMIT failures for one
# username from one address, for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_TIME", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "cms.ops.views.lockout"
AXES_RESET_ON_SUCCESS = True
# The client's address, decided once (cms.ops.clients) for the lockout, the consultation
# rate limits and the logs: number of proxies in front of gunicorn that append to
# X-Forwarded-For (1 = the load balancer; AXES_PROXY_COUNT is its former name).
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT") or os.environ.get("AXES_PROXY_COUNT") or 0
)
AXES_CLIENT_IP_CALLABLE = "cms.ops.clients.client_ip"

# --- public pages and static site (cms.pages, guide.publish) ---
TEMPLATES[0]["OPTIONS"]["context_processors"].append("cms.pages.context_processors.site_chrome")
# Where `manage.py publish` and the admin's "Publier le site" write the static site.
PUBLISH_OUTPUT_DIR = Path(os.environ.get("PUBLISH_OUTPUT_DIR", BASE_DIR / "site"))
# Processes rendering a publish's pages (guide.publish.parallel): default, the usable
# cores up to 4; 1 renders in the publishing process only. Below PUBLISH_PARALLEL_MIN_PAGES
# pages to render (an edit, a small guide) forking costs more than it saves.
PUBLISH_WORKERS = int(os.environ.get("PUBLISH_WORKERS", 0)) or None
PUBLISH_PARALLEL_MIN_PAGES = int(os.environ.get("PUBLISH_PARALLEL_MIN_PAGES", 200))
# Public address the static site is served from (sitemap.xml and robots.txt need absolute
# URLs; every other link in the output is relative, so the folder works under any path).
STATIC_SITE_URL = os.environ.get("STATIC_SITE_URL", BASE_URL).rstrip("/")
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# "Signaler une information périmée ou une erreur" (cms.pages.reports): at most this many
# reports per address per window ("count/seconds").
ERROR_REPORT_RATE_LIMIT = os.environ.get("ERROR_REPORT_RATE_LIMIT", "5/600")

# --- public API (cms.api) ---
API_CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS", "")
CORS_ALLOWED_ORIGINS = API_CORS_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag"]
CORS_PREFLIGHT_MAX_AGE = 86400
API_LIMIT_MAX = 100
WAGTAILAPI_LIMIT_MAX = API_LIMIT_MAX
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_BASE_URL = BASE_URL
# Seconds a worker trusts its last look at the content version before asking the database
# again; a publish shows in ETags at most this late on other workers.
API_VERSION_TTL = float(os.environ.get("API_VERSION_TTL", "1"))
# The live pages' kept fragments (cms.pages.fragments) read the content version again at
# most this often per process; this process's own writes are seen at once.
LIVE_VERSION_TTL = float(os.environ.get("LIVE_VERSION_TTL", "1"))
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))

# --- consultations ---
# Hosts whose pages may frame a consultation's embed/ address and post its form,
# besides our own address ('self'): comma-separated origins, "https://*.paris.fr" allowed.
CONSULTATION_EMBED_ALLOWED_ORIGINS = env_list(
    "CONSULTATION_EMBED_ALLOWED_ORIGINS", "https://paris.fr,https://*.paris.fr"
)
# At most this many answers per address per consultation per window ("count/seconds").
CONSULTATION_RATE_LIMIT = os.environ.get("CONSULTATION_RATE_LIMIT", "30/600")
# A form sent back sooner than this after it was displayed is treated as a robot.
CONSULTATION_MIN_FILL_SECONDS = float(os.environ.get("CONSULTATION_MIN_FILL_SECONDS", "3"))
CONSULTATION_TOKEN_MAX_AGE = int(os.environ.get("CONSULTATION_TOKEN_MAX_AGE", str(7 * 24 * 3600)))
CONSULTATION_MAX_BODY_BYTES = int(os.environ.get("CONSULTATION_MAX_BODY_BYTES", str(64 * 1024)))
# Follow-up emails are erased this many days after the answer (manage.py purge_consultation_data).
CONSULTATION_EMAIL_RETENTION_DAYS = int(os.environ.get("CONSULTATION_EMAIL_RETENTION_DAYS", "365"))

# --- print guide (PDF) ---
# WeasyPrint logs every laid-out page and fontTools every subsetting step at INFO.
LOGGING["loggers"].update(
    {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    }
)
# Printing condition of the print edition's output intent, as the print shop states it:
# "FOGRA39" (offset, coated paper) or "FOGRA29" (offset, uncoated paper).
PRINT_OUTPUT_CONDITION = os.environ.get("PRINT_OUTPUT_CONDITION", "FOGRA39")
