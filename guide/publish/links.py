"""Link rewriting: absolute paths in a rendered page become relative to that page.

The static site must work at any address (a sub-folder, a USB stick), so no link
may start with "/". Also finds the /static/ and /media/ files a page references.
"""

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src|action|data-site-root)=")(/(?!/)[^"]*)"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def output_path(url_path):
    """'/<guide>/acteurs/' -> '<guide>/acteurs/index.html'."""
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        return f"{relative}index.html"
    return relative


@lru_cache(maxsize=65536)
def _relative_path(path, start):
    """posixpath.relpath() for two normalised absolute URL paths, without its getcwd()
    calls: it runs for every link of every page."""
    start_parts = [part for part in start.split("/") if part]
    path_parts = [part for part in path.split("/") if part]
    common = 0
    for mine, theirs in zip(start_parts, path_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(start_parts) - common) + path_parts[common:])
    if not relative:
        return "./"
    return relative + "/" if path.endswith("/") else relative


def relative_url(target, page_path):
    """The link from the page at `page_path` (a directory URL) to `target` (an absolute path)."""
    parts = urlsplit(target)
    start = page_path if page_path.endswith("/") else posixpath.dirname(page_path) + "/"
    relative = _relative_path(parts.path, start)
    if parts.query:
        relative += f"?{parts.query}"
    if parts.fragment:
        relative += f"#{parts.fragment}"
    return relative


def rewrite_links(html, page_path, prefix=None):
    """Absolute paths become relative to the page, or get `prefix` (the 404 page, served anywhere)."""

    def replace(match):
        target = match.group(2)
        new = f"{prefix}{target}" if prefix is not None else relative_url(target, page_path)
        return f'{match.group(1)}{new}"'

    return LINK_ATTRIBUTE.sub(replace, html)


def referenced_assets(text):
    """Absolute /static/ and /media/ paths referenced by a page."""
    found = set()
    for match in LINK_ATTRIBUTE.finditer(text):
        path = urlsplit(match.group(2)).path
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            found.add(path)
    return found
