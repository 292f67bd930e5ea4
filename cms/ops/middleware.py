import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts

from .views import database_unavailable

logger = logging.getLogger(__name__)

# Wagtail's admin renders inline <script> (inline panels, date pickers), shows previews
# in a same-origin iframe and avatars from Gravatar.
ADMIN_POLICY = {
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
}


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers with the French 503 page, never
    with a stack trace; what fails before or after the view is caught by handler500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Base de données injoignable : %s", exception)
            return database_unavailable(request)
        return None


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp, with the admin's own policy and same-origin framing for its previews.

    Like django-csp, it never replaces a Content-Security-Policy header a view set itself.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            # Placed after XFrameOptionsMiddleware, so this runs first and that one
            # keeps the value (it only sets the header when missing).
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or not request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            return parts
        replace = {**ADMIN_POLICY, **(parts.replace or {})}
        return PolicyParts(parts.config, parts.update, replace, parts.nonce)
