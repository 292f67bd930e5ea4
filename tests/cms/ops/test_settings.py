"""Settings read from the environment: the cache and the search configuration."""

import json

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

import pytest
from csp.decorators import csp_replace

from cms.ops.middleware import SecurityHeadersMiddleware

from .conftest import run_django

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
    "'sessions': settings.SESSION_ENGINE, "
    "'search': settings.WAGTAILSEARCH_BACKENDS['default'].get('SEARCH_CONFIG')}))"
)


def settings_with(code=PRINT_SETTINGS, **env):
    result = run_django(code, settings="cms.settings.test", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_redis_url_switches_the_cache_and_sessions_to_redis():
    seen = settings_with(REDIS_URL="redis://127.0.0.1:6379/3", DATABASE_URL="")
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert seen["search"] is None

    seen = settings_with(REDIS_URL="", DATABASE_URL="postgres://u@db.invalid/participez")
    assert seen["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert seen["sessions"] == "django.contrib.sessions.backends.db"
    assert seen["search"] == "french_unaccent"


@pytest.mark.slow
def test_each_test_process_has_its_own_redis_database_and_media_folder():
    # make test runs the suite in several processes: one emptying the cache must not empty
    # another's, nor two build the same PDF files.
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default']['LOCATION'], str(settings.MEDIA_ROOT)]))"
    )
    seen = [
        settings_with(code, REDIS_URL="redis://127.0.0.1:6379/1", PYTEST_XDIST_WORKER=worker)
        for worker in ("gw0", "gw1")
    ]
    assert [location for location, _media in seen] == [
        "redis://127.0.0.1:6379/1",
        "redis://127.0.0.1:6379/2",
    ]
    assert seen[0][1] != seen[1][1]


@pytest.mark.django_db
def test_the_cache_is_shared_when_redis_is_configured(settings):
    from django.core.cache import cache

    cache.set("participez-test", {"réponses": 3})
    assert cache.get("participez-test") == {"réponses": 3}
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        # Another process (a second application server) reads the same value.
        import redis

        raw = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
        assert any(b"participez-test" in key for key in raw.keys("*participez-test*"))


def test_a_view_sets_its_own_frame_ancestors_and_the_middleware_keeps_it(settings):
    @csp_replace({"frame-ancestors": ["https://mairie18.paris.fr"]})
    def embed(request):
        return HttpResponse("formulaire")

    def page(request):
        return HttpResponse("page")

    request = RequestFactory().get("/participez/consultations/embed/")
    middleware = SecurityHeadersMiddleware(embed)
    header = middleware(request)["Content-Security-Policy"]
    assert "frame-ancestors https://mairie18.paris.fr" in header
    assert "script-src 'self'" in header

    already_set = HttpResponse("fait main")
    already_set["Content-Security-Policy"] = "frame-ancestors *"
    middleware = SecurityHeadersMiddleware(lambda request: already_set)
    assert middleware(request)["Content-Security-Policy"] == "frame-ancestors *"

    header = SecurityHeadersMiddleware(page)(request)["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in header


def test_database_engine_matches_the_environment():
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


@pytest.mark.django_db
def test_v3_api_docs_page_loads_only_our_own_scripts(client):
    """Under the production CSP (script-src 'self') a page loading Swagger UI from a CDN is
    blank: the editors' v3 docs page serves it from our static files."""
    response = client.get("/api/v3-preview/docs/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle" in html
    assert "cdn." not in html and "<script>" not in html.replace(" ", "")
