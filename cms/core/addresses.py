"""The public address absolute links start with (embed code, API `html_url`, e-mails).

In production it is BASE_URL, whatever Host a request came with. On a developer's
machine (BASE_URL_FROM_REQUEST, on in dev settings unless BASE_URL is set) it is the
scheme, host and port actually serving the request, so `PORT=8004 make run` gives
links to port 8004.
"""

from contextvars import ContextVar

from django.conf import settings

_request_base_url = ContextVar("participez_request_base_url", default=None)

# Requests the static-site publisher makes carry this WSGI key (guide.publish): their
# links must name the configured address, not the publisher's fake host.
STATIC_EXPORT_ENVIRON_KEY = "participez.static_export"


def base_url():
    """Scheme, host and port for absolute links, without a trailing slash."""
    return _request_base_url.get() or settings.BASE_URL


class RequestBaseUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.BASE_URL_FROM_REQUEST or request.META.get(STATIC_EXPORT_ENVIRON_KEY):
            return self.get_response(request)
        token = _request_base_url.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _request_base_url.reset(token)
