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
def _target(target):
    """What a link's target gives every page that has it: its path's parts, whether it ends
    with "/", its "?query#fragment" and its path. Pages differ (each is its own folder),
    targets repeat (the frame's links, the assets): split each target once per process."""
    parts = urlsplit(target)
    suffix = ""
    if parts.query:
        suffix += f"?{parts.query}"
    if parts.fragment:
        suffix += f"#{parts.fragment}"
    path_parts = tuple(part for part in parts.path.split("/") if part)
    return path_parts, parts.path.endswith("/"), suffix, parts.path


def _start_parts(page_path):
    start = page_path if page_path.endswith("/") else posixpath.dirname(page_path) + "/"
    return [part for part in start.split("/") if part]


def _relative(target, start_parts):
    """posixpath.relpath() for URL paths, without its getcwd() calls: it runs for every
    link of every page."""
    path_parts, slash, suffix, _path = _target(target)
    common = 0
    for mine, theirs in zip(start_parts, path_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(start_parts) - common) + list(path_parts[common:]))
    if not relative:
        relative = "./"
    elif slash:
        relative += "/"
    return relative + suffix


def relative_url(target, page_path):
    """The link from the page at `page_path` (a directory URL) to `target` (an absolute path)."""
    return _relative(target, _start_parts(page_path))


def rewrite_page(html, page_path, prefix=None):
    """rewrite_links() and referenced_assets() in one pass over the page (both read the
    same links; a publish does this for every page)."""
    start_parts = _start_parts(page_path)
    asset_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)
    assets = set()
    # Within a page the same target comes back (cards, menus): computed once.
    done = {}

    def replace(match):
        target = match.group(2)
        new = done.get(target)
        if new is None:
            path = _target(target)[3]
            if path.startswith(asset_prefixes):
                assets.add(path)
            new = f"{prefix}{target}" if prefix is not None else _relative(target, start_parts)
            done[target] = new
        return f'{match.group(1)}{new}"'

    return LINK_ATTRIBUTE.sub(replace, html), assets


def rewrite_links(html, page_path, prefix=None):
    """Absolute paths become relative to the page, or get `prefix` (the 404 page, served anywhere)."""
    return rewrite_page(html, page_path, prefix)[0]


def referenced_assets(text):
    """Absolute /static/ and /media/ paths referenced by a page."""
    asset_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)
    found = set()
    for match in LINK_ATTRIBUTE.finditer(text):
        path = _target(match.group(2))[3]
        if path.startswith(asset_prefixes):
            found.add(path)
    return found
