"""The bounds of /api/v2/'s parameters, shared by the views and their OpenAPI description."""

from django.conf import settings

DEFAULT_LIMIT = 20
# The largest id or offset a database column holds (64-bit signed).
MAX_ID = 2**63 - 1
MAX_SEARCH_LENGTH = 200
# The search backends nest one query node per word: past this, the stack could run out.
MAX_SEARCH_WORDS = 32
SEARCH_OPERATORS = frozenset(["and", "or"])


def limit_max():
    return getattr(settings, "API_LIMIT_MAX", 100)
