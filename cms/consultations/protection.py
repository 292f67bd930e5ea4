"""What keeps the answer forms safe: one-time tokens, rate limit, origin check, body size
limit and framing headers.

Why the answer forms are CSRF-exempt: Django's CSRF protection relies on a cookie, and a
form shown inside an <iframe> on another site is in a third-party context where browsers
block or partition cookies (SameSite=None is not reliable there). CSRF exists to stop
a site from acting with a logged-in visitor's rights; answering a consultation is
anonymous and grants no rights, so the risk left is forged or replayed submissions.
Those are handled here instead: every form render carries a signed one-time token
(consultation, random UUID, time of issue) that is checked on POST and whose UUID is a
unique key of the stored answer, plus a check that the Origin header, when sent, is
our own site or an allowed host site.
"""

import functools
import hashlib
import logging
import time
import uuid
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from cms.ops.clients import client_ip

logger = logging.getLogger(__name__)

TOKEN_SALT = "cms.consultations.submission-token"  # noqa: S105 (a signing namespace)
# Kind of token: "f" for a form the resident filled in from scratch, "r" for a form sent
# back with their answers already typed (expired or missing token): it only needs a click.
FORM_TOKEN = "f"  # noqa: S105
RESUBMIT_TOKEN = "r"  # noqa: S105


def _setting(name, default):
    return getattr(settings, name, default)


# --- one-time token ---


class TokenError(Exception):
    pass


def issue_token(consultation, kind=FORM_TOKEN):
    payload = {"c": consultation.pk, "u": uuid.uuid4().hex, "t": int(time.time()), "k": kind}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


class Token:
    def __init__(self, uuid_value, issued_at, kind):
        self.uuid = uuid_value
        self.issued_at = issued_at
        self.kind = kind

    @property
    def age(self):
        return time.time() - self.issued_at

    @property
    def filled_too_fast(self):
        minimum = _setting("CONSULTATION_MIN_FILL_SECONDS", 3)
        if self.kind == RESUBMIT_TOKEN:
            minimum = min(minimum, 1)
        return self.age < minimum


def read_token(raw, consultation):
    """The token's UUID and time of issue; TokenError when missing, forged, foreign or expired."""
    if not raw or not isinstance(raw, str):
        raise TokenError("missing")
    try:
        payload = signing.loads(
            raw, salt=TOKEN_SALT, max_age=_setting("CONSULTATION_TOKEN_MAX_AGE", 7 * 24 * 3600)
        )
    except signing.SignatureExpired as exc:
        raise TokenError("expired") from exc
    except signing.BadSignature as exc:
        raise TokenError("invalid") from exc
    if not isinstance(payload, dict) or payload.get("c") != consultation.pk:
        raise TokenError("invalid")
    try:
        return Token(uuid.UUID(hex=payload["u"]), float(payload["t"]), payload.get("k", FORM_TOKEN))
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenError("invalid") from exc


# --- rate limit (through the shared `default` cache: Redis in production) ---


def parse_rate(rate):
    count, _, seconds = str(rate).partition("/")
    return int(count), int(seconds or 60)


def _count_hit(key, window):
    """This window's count for `key` after adding one.

    On Redis, SET NX EX (creates the counter with its expiry) and INCR go in one pipeline:
    one round trip, both atomic, so concurrent workers never lose a count. Other caches:
    `add` then `incr`, atomic on memcached and within a process for the memory cache."""
    backend = getattr(cache, "_cache", None)
    if hasattr(backend, "get_client"):
        redis_key = cache.make_and_validate_key(key)
        pipe = backend.get_client(redis_key, write=True).pipeline(transaction=False)
        pipe.set(redis_key, 0, ex=window + 5, nx=True)
        pipe.incr(redis_key)
        return pipe.execute()[-1]
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first hit of a new window.
        cache.set(key, 1, timeout=window + 5)
        return 1


def rate_limited(request, consultation):
    """Count this answer for the client's address; True once over CONSULTATION_RATE_LIMIT."""
    return over_rate_limit(
        request,
        f"consultations:rl:{consultation.pk}",
        _setting("CONSULTATION_RATE_LIMIT", "30/600"),
    )


def over_rate_limit(request, scope, rate):
    """Count this submission of a public form (`scope` names the form) for the client's
    address; True once over `rate` ("count/seconds"). Every anonymous form of the site
    (consultation answers, error reports from cms.pages) is limited through this.

    When the cache (Redis) cannot be reached the limit fails open, logged: turning every
    resident away because the counter is down would lose more answers than spam costs."""
    limit, window = parse_rate(rate)
    if limit <= 0:
        return False
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]
    bucket = int(time.time() // window)
    key = f"{scope}:{address}:{bucket}"
    try:
        count = _count_hit(key, window)
    except Exception as error:  # any cache failure (refused, timeout, OOM): fail open
        logger.warning(
            "Limite d'envois indisponible (cache injoignable : %s) : réponse acceptée sans limite",
            type(error).__name__,
        )
        return False
    return count > limit


# --- origins ---


def _origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def allowed_origins():
    """Hosts whose pages may frame the embed and post our forms, plus our own address."""
    origins = {_origin_of(settings.BASE_URL)}
    for item in _setting("CONSULTATION_EMBED_ALLOWED_ORIGINS", []):
        origins.add(_origin_of(item) if "://" in item else "")
    origins.discard("")
    return origins


def is_allowed_origin(origin):
    if origin in allowed_origins():
        return True
    scheme, _, host = origin.partition("://")
    for pattern in allowed_origins():
        pattern_scheme, _, pattern_host = pattern.partition("://")
        if scheme != pattern_scheme:
            continue
        if pattern_host.startswith("*.") and host.endswith(pattern_host[1:]):
            return True
        # "http://127.0.0.1:*" (any port), as CSP's frame-ancestors understands it.
        if pattern_host.endswith(":*") and host.rpartition(":")[0] == pattern_host[:-2]:
            return True
    return False


def origin_allowed(request):
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        # Browsers that send no Origin (or a non-browser client): the token protects us.
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or is_allowed_origin(origin)


def frame_ancestors():
    sources = ["'self'"]
    for item in _setting("CONSULTATION_EMBED_ALLOWED_ORIGINS", []):
        if item not in sources:
            sources.append(item)
    return sources


# --- decorators ---


def limit_body_size(view):
    """413 before reading a body larger than CONSULTATION_MAX_BODY_BYTES.

    A body without Content-Length (chunked) is never read by Django's WSGI request,
    which limits the stream to the announced length, so the header is the whole story.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("POST", "PUT", "PATCH"):
            limit = _setting("CONSULTATION_MAX_BODY_BYTES", 64 * 1024)
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = limit + 1
            if length > limit:
                return too_large_response(request, limit)
        return view(request, *args, **kwargs)

    return wrapper


def too_large_response(request, limit):
    message = (
        f"Votre envoi est trop volumineux (plus de {limit // 1024} Ko). Raccourcissez vos "
        "réponses en texte libre puis renvoyez le formulaire."
    )
    if request.path.endswith(".json"):
        from django.http import JsonResponse

        return JsonResponse({"status": "error", "message": message}, status=413)
    html = render_to_string(
        "consultations/message.html", {"title": "Envoi trop volumineux", "message": message}
    )
    return HttpResponse(html, status=413)


def _set_frame_policy(response, sources):
    """Expose our framing rule to whoever writes the Content-Security-Policy header.

    With django-csp's middleware (production), `_csp_replace` sets our `frame-ancestors`
    in the global policy; without it we write a policy holding only that directive.
    """
    response._csp_replace = {"frame-ancestors": sources}
    response.frame_ancestors = " ".join(sources)
    if (
        not _csp_middleware_installed(tuple(settings.MIDDLEWARE))
        and "Content-Security-Policy" not in response
    ):
        response["Content-Security-Policy"] = f"frame-ancestors {response.frame_ancestors}"


@functools.cache
def _csp_middleware_installed(middleware):
    try:
        from csp.middleware import CSPMiddleware
    except ImportError:
        return False
    for path in middleware:
        try:
            if issubclass(import_string(path), CSPMiddleware):
                return True
        except (ImportError, TypeError):
            continue
    return False


def frameable(view):
    """The embed views: framing allowed only by the hosts in CONSULTATION_EMBED_ALLOWED_ORIGINS."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # X-Frame-Options cannot list several origins: CSP frame-ancestors replaces it here.
        response.xframe_options_exempt = True
        _set_frame_policy(response, frame_ancestors())
        return response

    return wrapper


def not_frameable(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Frame-Options"] = "DENY"
        _set_frame_policy(response, ["'none'"])
        return response

    return wrapper
