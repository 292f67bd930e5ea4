"""HTTP caching of the public API: ETag, Cache-Control, 304, and a response cache.

Every API response depends only on the published content and on the request's path and
query string, so one fingerprint of the published content, combined with the full path,
gives a validator that is correct for every response. The fingerprint is expensive (it
dumps the guide), so it is computed once per change of `content_version()`, which is one
cheap SQL query, itself memoised for `API_VERSION_TTL` seconds per process. A 304 never
touches the view, and a 200 whose body was already rendered for the same fingerprint is
served from the cache.

The response cache is shared (Redis in production) and bounded: a request's key is its
normalised query (parameters parsed, defaults dropped, sorted), so `offset=0`, `offset=00`
and no offset share one entry; only 200s are stored, none bigger than
`API_RESPONSE_CACHE_MAX_BODY` bytes, and at most `API_RESPONSE_CACHE_MAX_BYTES` bytes per
content version, counted in the cache itself so every process shares the budget.
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
from django.utils.http import urlencode

from wagtail.signals import published, unpublished

from cms.core.code_version import process_code_version
from cms.entries.published import content_fingerprint

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
    """What changes consultations/ without a revision: time (opening, closing, expiry)
    and, once results are public, new paper answers and quotations marked publishable."""
    now = timezone.now()
    consultation = apps.get_model("consultations", "Consultation")._meta.db_table
    visible = (
        f"SELECT id FROM {connection.ops.quote_name(consultation)} "  # noqa: S608
        "WHERE live = %s AND results_published = %s AND closes_at <= %s"
    )
    live_count = "SUM(CASE WHEN live = %s AND {} <= %s THEN 1 ELSE 0 END)"
    return [
        *(
            (table_aggregate("consultations.Consultation", live_count.format(column)), [True, now])
            for column in ("opens_at", "closes_at", "expire_at")
        ),
        (
            table_aggregate(
                "consultations.Answer",
                "COUNT(*) * 100003 + SUM(CASE WHEN publishable THEN 1 ELSE 0 END)",
                f"WHERE consultation_id IN ({visible})",
            ),
            [True, True, now],
        ),
    ]


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
    key = (
        "api:fingerprint:"
        + hashlib.sha256(f"{version!r}|{process_code_version()}".encode()).hexdigest()
    )
    if fresh and version == state["version"]:
        fingerprint = state["fingerprint"]
    else:
        # A write seen in this process may not have left a revision or a log entry
        # (a direct ORM save): then the shared cached value cannot be trusted.
        fingerprint = _cache().get(key) if fresh else None
        if fingerprint is None:
            # The code too: a deployment that changes how a text is set (typography,
            # a serializer) must not keep serving bodies the former code rendered.
            payload = f"{version!r}|{process_code_version()}|{content_fingerprint()}"
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


# Query parameters holding a non-negative integer, and their default values: a default
# says nothing, so it is dropped from the key.
INTEGER_PARAMETERS = {"limit": "20", "offset": "0", "arrondissement": None, "child_of": None}
_DIGITS = frozenset("0123456789")


def normalised_query(request):
    """The query string in a canonical form: integers without leading zeros, defaults
    dropped, parameters sorted (values of a repeated parameter keep their order). Values
    that are not plain ASCII digits are kept as sent: they get the same answer (a 400)
    as before, under their own key."""
    pairs = []
    for name in sorted(request.GET):
        values = request.GET.getlist(name)
        if name in INTEGER_PARAMETERS and len(values) == 1:
            value = values[0]
            if value and set(value) <= _DIGITS:
                value = str(int(value))
                if value == INTEGER_PARAMETERS[name]:
                    continue
            values = [value]
        pairs.extend((name, value) for value in values)
    return urlencode(pairs)


def request_key(request):
    """What a response depends on: host (bodies carry absolute links), path, query."""
    return f"{request.scheme}://{request.get_host()}{request.path}?{normalised_query(request)}"


def etag_for(request, fingerprint):
    digest = hashlib.sha256(f"{fingerprint}|{request_key(request)}".encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def etag_matches(header, etag):
    """Whether If-None-Match names this representation. `*` matches any current
    representation: the caller answers 304 only when the response would be a 200."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 §8.8.3.2): the opaque tags must match, W/ or not.
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _cache_control():
    return f"public, max-age={_setting('API_CACHE_MAX_AGE', 60)}"


# A JSON answer needs no resource, no script, no framing: the site's HTML policy is more
# than it needs, and responses served from this middleware never reach django-csp.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"


def _decorate(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = _cache_control()
    response["Content-Security-Policy"] = API_CONTENT_SECURITY_POLICY
    response["X-Frame-Options"] = "DENY"
    patch_vary_headers(response, ["Accept"])
    return response


def _store(fingerprint, key, response):
    """Keep a rendered 200 unless it is too big or this content version's budget is spent."""
    body = response.content
    if len(body) > _setting("API_RESPONSE_CACHE_MAX_BODY", 1024 * 1024):
        return
    cache = _cache()
    timeout = _setting("API_RESPONSE_CACHE_TIMEOUT", 3600)
    budget_key = f"api:budget:{fingerprint}"
    cache.add(budget_key, 0, timeout=timeout)
    try:
        spent = cache.incr(budget_key, len(body))
    except ValueError:  # evicted between add() and incr(): start again
        cache.set(budget_key, len(body), timeout=timeout)
        spent = len(body)
    if spent > _setting("API_RESPONSE_CACHE_MAX_BYTES", 32 * 1024 * 1024):
        return
    cache.set(key, (response["Content-Type"], body), timeout=timeout)


class ApiHttpCacheMiddleware:
    """ETag, Cache-Control and 304 on every GET/HEAD under /api/v2/; 200s cached by ETag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        fingerprint = current_fingerprint()
        etag = etag_for(request, fingerprint)
        matches = etag_matches(request.headers.get("If-None-Match"), etag)
        key = "api:response:" + hashlib.sha256(etag.encode()).hexdigest()
        cached = _cache().get(key)
        if cached is not None:
            if matches:
                return _decorate(HttpResponseNotModified(), etag)
            content_type, body = cached
            return _decorate(HttpResponse(body, content_type=content_type), etag)
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming:
            # An error is never "not modified": If-None-Match: * on a missing item, or
            # a matching tag on a malformed query, still gets the 4xx.
            return _decorate(response, etag)
        _store(fingerprint, key, response)
        if matches:
            return _decorate(HttpResponseNotModified(), etag)
        return _decorate(response, etag)
