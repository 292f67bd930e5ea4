import logging
import sys
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

import redis
from axes.helpers import get_cool_off, get_failure_limit

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# The database or the shared cache (Redis) unreachable: a 503 "come back later", not a 500.
OUTAGE_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


OUTAGE_TEXT = "Service momentanément indisponible. Merci de réessayer dans quelques minutes."


# What every 503 carries itself: it may be answered before or outside the middleware
# that sets these headers on other responses.
OUTAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Retry-After": str(RETRY_AFTER_SECONDS),
}
HTML_OUTAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
JSON_OUTAGE_POLICY = "default-src 'none'; frame-ancestors 'none'"


def wants_json(request):
    path = getattr(request, "path_info", "") or ""
    return path.startswith("/api/") or path.endswith(".json")


def database_unavailable(request=None):
    if request is not None and wants_json(request):
        response = JsonResponse({"status": "unavailable", "message": OUTAGE_TEXT}, status=503)
        for name, value in OUTAGE_HEADERS.items():
            response[name] = value
        response["Content-Security-Policy"] = JSON_OUTAGE_POLICY
        return response
    try:
        # Rendered without the request: context processors may query the database.
        body = loader.render_to_string("503.html")
        content_type = "text/html; charset=utf-8"
    except Exception:
        logger.exception("La page 503 n'a pas pu être affichée")
        body, content_type = OUTAGE_TEXT, "text/plain; charset=utf-8"
    response = HttpResponse(body, status=503, content_type=content_type)
    for name, value in OUTAGE_HEADERS.items():
        response[name] = value
    response["Content-Security-Policy"] = HTML_OUTAGE_POLICY
    return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage anywhere (middleware included) is a 503, not a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGE_ERRORS):
        return database_unavailable(request)
    try:
        return django_server_error(request, template_name=template_name)
    except Exception:
        # 500.html itself failed to render (it may need the database): plain text.
        return HttpResponseServerError(
            "Erreur du serveur. Réessayez dans quelques instants.",
            content_type="text/plain; charset=utf-8",
        )


def _check_database():
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    cache = caches["default"]
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("le cache ne rend pas ce qui vient d'y être écrit")


def _run_check(name, check, results):
    try:
        check()
    except Exception as error:  # any failure means this dependency is down
        logger.error("healthz: %s indisponible : %s", name, error)
        results[name] = {"ok": False, "error": type(error).__name__}
    else:
        results[name] = {"ok": True}
    finally:
        if name == "database":
            # The check ran in its own thread, with its own connection: close it.
            connections.close_all()


@never_cache
def healthz(request):
    """For the load balancer: 200 when this process can reach the database and the cache,
    503 otherwise, always within HEALTHZ_TIMEOUT seconds. Each check runs in a thread the
    probe stops waiting for: a database that accepts connections and never answers must
    not hold the probe past the balancer's own timeout."""
    deadline = time.monotonic() + getattr(settings, "HEALTHZ_TIMEOUT", 4)
    results = {}
    threads = []
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        thread = threading.Thread(
            target=_run_check, args=(name, check, results), name=f"healthz-{name}", daemon=True
        )
        thread.start()
        threads.append((name, thread))
    checks = {}
    for name, thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
        if name in results:
            checks[name] = results[name]
        else:
            logger.error("healthz: %s ne répond pas dans le délai", name)
            checks[name] = {"ok": False, "error": "Timeout"}
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


def lockout(request, original_response=None, credentials=None):
    """django-axes lockout page, in French, with the wait in minutes."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes}
    return render(request, "ops/lockout.html", context, status=429)
