"""The production settings, each checked in a fresh interpreter as a server would start."""

import json
import secrets

import pytest

from .conftest import run_django

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path):
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "participez.paris.fr",
    }


@pytest.fixture
def deploy_env(env):
    """What a production machine has (nothing here connects to these services)."""
    return {
        **env,
        "DATABASE_URL": "postgres://participez@db.internal:5432/participez",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "TRUSTED_PROXY_COUNT": "1",
    }


def test_check_deploy_reports_nothing(deploy_env):
    result = run_django(
        "from django.core.management import call_command; import django; django.setup(); "
        "call_command('check', deploy=True, fail_level='WARNING')",
        **deploy_env,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_missing_secret_key_stops_the_start(env):
    env["SECRET_KEY"] = None
    result = run_django("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY manquante" in result.stderr


def test_debug_is_refused_in_production(env):
    result = run_django("import django; django.setup()", DEBUG="1", **env)
    assert result.returncode != 0
    assert "DEBUG doit rester désactivé" in result.stderr


def policy(header):
    """{"script-src": "'self'", ...}: django-csp does not keep the directives in order."""
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


HEADERS_SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# The hashed-name manifest only exists after collectstatic (make serve-prod runs it).
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_HOST="participez.paris.fr")
plain = client.get("/admin/login/")
secure = client.get("/admin/login/", secure=True)
page = client.get("/healthz", secure=True)
health_http = client.get("/healthz")
print(json.dumps({
    "redirect": [plain.status_code, plain.get("Location")],
    "admin": dict(secure.headers),
    "cookies": {name: dict(morsel) for name, morsel in secure.cookies.items()},
    "page": dict(page.headers),
    "health_http": health_http.status_code,
}))
"""


def test_https_only_with_hsts_csp_and_safe_cookies(env):
    result = run_django(HEADERS_SCRIPT, **env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["redirect"] == [301, "https://participez.paris.fr/admin/login/"]
    # The load balancer's probe over plain HTTP is not redirected.
    assert seen["health_http"] == 200

    page = seen["page"]
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page["X-Frame-Options"] == "DENY"
    csp = policy(page["Content-Security-Policy"])
    assert csp["script-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in page["Content-Security-Policy"]

    admin = seen["admin"]
    assert policy(admin["Content-Security-Policy"])["frame-ancestors"] == "'self'"
    assert admin["X-Frame-Options"] == "SAMEORIGIN"
    csrf = seen["cookies"]["csrftoken"]
    assert csrf["secure"] is True


def test_logs_are_json_lines(env):
    result = run_django(
        "import django, logging; django.setup(); "
        "logging.getLogger('cms.ops').warning('Publication échouée : %s', 'disque plein')",
        **env,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "cms.ops"
    assert line["message"] == "Publication échouée : disque plein"
    assert "time" in line


CHECK = (
    "from django.core.management import call_command; import django; django.setup(); "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


@pytest.mark.parametrize(
    ("missing", "error"),
    [
        ({"DATABASE_URL": None}, "ops.E001"),
        ({"DATABASE_URL": "sqlite:////tmp/participez.sqlite3"}, "ops.E001"),
        ({"REDIS_URL": None}, "ops.E002"),
        ({"TRUSTED_PROXY_COUNT": "0"}, "ops.E003"),
    ],
    ids=["no-database-url", "sqlite", "no-shared-cache", "no-proxy-count"],
)
def test_check_deploy_fails_without_what_production_needs(deploy_env, missing, error):
    result = run_django(CHECK, **{**deploy_env, **missing})
    assert result.returncode != 0
    assert error in result.stderr
