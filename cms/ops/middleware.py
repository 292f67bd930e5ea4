import logging

from django.conf import settings

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts

from .views import OUTAGE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)

# Wagtail's admin renders inline <script> (inline panels, date pickers) and shows previews
# in a same-origin iframe; avatars are uploaded ones (Gravatar is off).
ADMIN_POLICY = {
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", *settings.CSP_EXTRA_IMG_SOURCES],
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
        if isinstance(exception, OUTAGE_ERRORS):
            logger.error("Base de données ou cache injoignable : %s", exception)
            return database_unavailable(request)
        return None


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp, with the admin's own policy and same-origin framing for its previews.

    Like django-csp, it never replaces a Content-Security-Policy header a view set itself.
    """

    def process_response(self, request, response):
        if self._is_admin(request) or self._is_preview(request):
            # Placed after XFrameOptionsMiddleware, so this runs first and that one
            # keeps the value (it only sets the header when missing).
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if self._is_preview(request):
            # A draft rendered by Wagtail's preview keeps the public page's policy, but the
            # admin (our own origin, and nobody else) may frame it in its preview panel.
            replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
            return PolicyParts(parts.config, parts.update, replace, parts.nonce)
        if not self._is_admin(request):
            return parts
        replace = {**ADMIN_POLICY, **(parts.replace or {})}
        return PolicyParts(parts.config, parts.update, replace, parts.nonce)

    @staticmethod
    def _is_admin(request):
        return request.path_info.startswith(settings.ADMIN_URL_PREFIX)

    @staticmethod
    def _is_preview(request):
        # Wagtail renders a preview through the whole middleware chain with a dummy
        # request for the public path, marked `is_dummy`; its header is the one kept.
        return getattr(request, "is_dummy", False)
