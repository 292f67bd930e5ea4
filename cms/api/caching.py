"""HTTP caching of the public API: ETag, Cache-Control, 304, and a response cache.

Every API response depends only on the published content and on the request's path and
query string, so one fingerprint of the published content, combined with the full path,
gives a validator that is correct for every response. The fingerprint is expensive (it
dumps the guide), so it is computed once per change of `content_version()`, which is one
cheap SQL query, itself memoised for `API_VERSION_TTL` seconds per process. A 304 never
touches the view, and a 200 whose body was already rendered for the same fingerprint is
served from the cache.
"""

import hashlib
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from wagtail.signals import published, unpublished

from guide.content import content_fingerprint

API_PREFIX = "/api/v2/"

_lock = threading.Lock()
_state = {
    "generation": 0,
    "computed_generation": -1,
    "checked_at": 0.0,
    "version": None,
    "fingerprint": None,
}


def _setting(name, default):
    return getattr(settings, name, default)


def _cache():
    return caches[_setting("API_CACHE_ALIAS", "default")]


def table_aggregate(model_label, aggregate="MAX(id)", where=""):
    """A scalar subquery on a model's table. Only model metadata is interpolated, quoted;
    values go through query parameters."""
    table = connection.ops.quote_name(apps.get_model(model_label)._meta.db_table)
    return f"(SELECT {aggregate} FROM {table} {where})"  # noqa: S608


def _version_sql():
    """One statement that changes whenever anything the API shows may have changed."""
    parts = [
        table_aggregate("wagtailcore.Revision"),
        table_aggregate("wagtailcore.ModelLogEntry"),
        table_aggregate("wagtailcore.PageLogEntry"),
        # Images and documents have no revisions; uploads made outside the admin leave
        # no log entry either.
        table_aggregate("wagtailimages.Image"),
        table_aggregate("wagtailimages.Image", "COUNT(*)"),
        table_aggregate("wagtaildocs.Document"),
        table_aggregate("wagtaildocs.Document", "COUNT(*)"),
        # An entry vanishes from the API when its expiry date passes, before any job
        # unpublishes it: count those so the fingerprint changes at that moment.
        table_aggregate("entries.Entry", "COUNT(*)", "WHERE live = %s AND expire_at <= %s"),
    ]
    params = [True, timezone.now()]
    for sql, extra in _extra_version_parts():
        parts.append(sql)
        params.extend(extra)
    return "SELECT " + ", ".join(parts), params


def _extra_version_parts():
    """Parts contributed by optional apps (consultations), when installed."""
    from .consultations import version_sql_parts

    return version_sql_parts()


def content_version():
    sql, params = _version_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


def bump_generation(**kwargs):
    """Any write in this process invalidates the memoised version at once."""
    with _lock:
        _state["generation"] += 1
        _state["checked_at"] = 0.0


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed, published, unpublished):
        signal.connect(bump_generation, dispatch_uid=f"cms.api.caching.{id(signal)}")


def current_fingerprint():
    """Fingerprint of everything the API can show, cheap when nothing changed."""
    now = time.monotonic()
    ttl = _setting("API_VERSION_TTL", 1.0)
    state = _state
    generation = state["generation"]
    fresh = generation == state["computed_generation"]
    if fresh and state["fingerprint"] is not None and now - state["checked_at"] < ttl:
        return state["fingerprint"]
    version = content_version()
    key = "api:fingerprint:" + hashlib.sha256(repr(version).encode()).hexdigest()
    if fresh and version == state["version"]:
        fingerprint = state["fingerprint"]
    else:
        # A write seen in this process may not have left a revision or a log entry
        # (a direct ORM save): then the shared cached value cannot be trusted.
        fingerprint = _cache().get(key) if fresh else None
        if fingerprint is None:
            payload = f"{version!r}|{content_fingerprint()}"
            fingerprint = hashlib.sha256(payload.encode()).hexdigest()[:24]
            _cache().set(key, fingerprint, timeout=24 * 3600)
    with _lock:
        if state["generation"] == generation:
            state.update(
                version=version,
                fingerprint=fingerprint,
                checked_at=now,
                computed_generation=generation,
            )
    return fingerprint


def etag_for(request, fingerprint):
    # The absolute URI: bodies carry absolute links built from the request's host.
    digest = hashlib.sha256(f"{fingerprint}|{request.build_absolute_uri()}".encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def etag_matches(header, etag):
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 §8.8.3.2): the opaque tags must match, W/ or not.
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _cache_control():
    return f"public, max-age={_setting('API_CACHE_MAX_AGE', 60)}"


def _decorate(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = _cache_control()
    patch_vary_headers(response, ["Accept"])
    return response


class ApiHttpCacheMiddleware:
    """ETag, Cache-Control and 304 on every GET/HEAD under /api/v2/; 200s cached by ETag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        etag = etag_for(request, current_fingerprint())
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return _decorate(HttpResponseNotModified(), etag)
        key = "api:response:" + hashlib.sha256(etag.encode()).hexdigest()
        cached = _cache().get(key)
        if cached is not None:
            status, content_type, body = cached
            response = HttpResponse(body, status=status, content_type=content_type)
            return _decorate(response, etag)
        response = self.get_response(request)
        if response.status_code in (200, 400, 404) and not response.streaming:
            _cache().set(
                key,
                (response.status_code, response["Content-Type"], response.content),
                timeout=_setting("API_RESPONSE_CACHE_TIMEOUT", 3600),
            )
        return _decorate(response, etag)
