import logging
import sys

from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

from axes.helpers import get_cool_off, get_failure_limit

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


OUTAGE_TEXT = "Service momentanément indisponible. Merci de réessayer dans quelques minutes."


def database_unavailable(request=None):
    try:
        # Rendered without the request: context processors may query the database.
        body = loader.render_to_string("503.html")
        content_type = "text/html; charset=utf-8"
    except Exception:
        logger.exception("La page 503 n'a pas pu être affichée")
        body, content_type = OUTAGE_TEXT, "text/plain; charset=utf-8"
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage anywhere (middleware included) is a 503, not a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
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


@never_cache
def healthz(request):
    """For the load balancer: 200 when this process can reach the database and the cache."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        try:
            check()
        except Exception as error:  # any failure means this dependency is down
            logger.error("healthz: %s indisponible : %s", name, error)
            checks[name] = {"ok": False, "error": type(error).__name__}
        else:
            checks[name] = {"ok": True}
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
