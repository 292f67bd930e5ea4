"""Link rewriting: absolute paths in a rendered page become relative to that page.

The static site must work at any address (a sub-folder, a USB stick), so no link
may start with "/". Also finds the /static/ and /media/ files a page references.

Every absolute link of a page becomes the way up to the site's root followed by the
link: from `/participez/outils/budget-participatif/`, `/participez/acteurs/` becomes
`../../../participez/acteurs/`. Not the shortest relative link, but the same prefix for
every link of the page, so one substitution in C rewrites them all: a results page of
the finder holds hundreds of links, and computing the shortest one for each cost more
than the page's template. The bytes grow by about 4 % (0.7 % compressed).
"""

import re
from functools import lru_cache

from django.conf import settings

# The attributes whose absolute paths are rewritten: href, src, action and data-site-root
# (site.js finds the search index from it). The pattern starts with the literal '="/' and
# checks the attribute's name behind it, so that the regex engine jumps from one '="/' to
# the next instead of trying the pattern at every character. Protocol-relative addresses
# ("//cdn…") are left alone.
# Compiled for text and for bytes: a publish rewrites each page's bytes as the application
# gave them (decoding and encoding again a finder page of 100 kB cost more than its links).
_ATTRIBUTE = r'="/(?:(?<=\shref="/)|(?<=\ssrc="/)|(?<=\saction="/)|(?<=\sdata-site-root="/))'
LINK_START = re.compile(_ATTRIBUTE + "(?!/)")
_LINK_START = {str: LINK_START, bytes: re.compile((_ATTRIBUTE + "(?!/)").encode())}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def output_path(url_path):
    """'/<guide>/acteurs/' -> '<guide>/acteurs/index.html'."""
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        return f"{relative}index.html"
    return relative


def root_from(page_path):
    """The way from the page at `page_path` (a URL path) up to the site's root: "../"
    for each folder it is in ("./" at the root). A path that does not end with "/" is a
    file in the folder before it."""
    folder = page_path if page_path.endswith("/") else page_path.rsplit("/", 1)[0] + "/"
    depth = sum(1 for part in folder.split("/") if part)
    return "../" * depth or "./"


@lru_cache(maxsize=8)
def _asset_pattern(prefixes, kind):
    """The paths (without query or fragment) of the links that start with one of
    `prefixes` (STATIC_URL, MEDIA_URL when they are paths on this site), in text or bytes."""
    alternatives = "|".join(re.escape(prefix[1:]) for prefix in prefixes)
    pattern = _ATTRIBUTE + f'((?:{alternatives})[^"?#]*)'
    return re.compile(pattern.encode() if kind is bytes else pattern)


def referenced_assets(text):
    """Absolute /static/ and /media/ paths referenced by a page (text or bytes)."""
    prefixes = tuple(
        prefix
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
        if prefix and prefix.startswith("/") and not prefix.startswith("//")
    )
    if not prefixes:
        return set()
    found = _asset_pattern(prefixes, type(text)).findall(text)
    return {f"/{path.decode() if isinstance(path, bytes) else path}" for path in found}


def rewrite_page(html, page_path, prefix=None):
    """rewrite_links() and referenced_assets(): the page (text, or UTF-8 bytes) with
    relative links (or `prefix` before each absolute path: the 404 page, served at any
    depth), and the assets they reference."""
    lead = root_from(page_path) if prefix is None else f"{prefix}/"
    # A replacement string, not a function: no Python call per link. `lead` is made of
    # dots and slashes, or of the site's address path: backslashes escaped all the same.
    replacement = '="' + lead.replace("\\", "\\\\")
    if isinstance(html, bytes):
        replacement = replacement.encode()
    rewritten = _LINK_START[type(html)].sub(replacement, html)
    return rewritten, referenced_assets(html)


def rewrite_links(html, page_path, prefix=None):
    """Absolute paths become relative to the page, or get `prefix` (the 404 page, served anywhere)."""
    return rewrite_page(html, page_path, prefix)[0]
