"""Link rewriting: absolute paths in a rendered page become relative to that page.

The static site must work at any address (a sub-folder, a USB stick), so no link
may start with "/". Also finds the /static/ and /media/ files a page references.
"""

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

# The links to rewrite (href, src, action, data-site-root with an absolute path), for
# rewrite_page() and referenced_assets(), which split on them: the pattern starts with the
# literal '="' (the attribute's name checked behind it) so that the regex engine jumps
# from one '="' to the next instead of trying the pattern at every character, three
# times faster on a finder page of 600 kB. The closing quote stays in the text.
LINK_SPLIT = re.compile(
    r'(=")(?:(?<=\shref=")|(?<=\ssrc=")|(?<=\saction=")|(?<=\sdata-site-root="))'
    r'(/(?!/)[^"]*)(?=")'
)
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


# _relative() for a target and what of the page's folder decides it: the link only depends
# on the page's depth and on the first len(target's parts) parts of its folder, which
# pages of one part of the site share (a thousand finder pages link to the same entries
# from a handful of folder prefixes). Cleared when it grows past a publish's needs.
_shared = {}
_SHARED_LIMIT = 200_000


def _relative_shared(target, start_parts):
    path_parts = _target(target)[0]
    key = (target, len(start_parts), tuple(start_parts[: len(path_parts)]))
    relative = _shared.get(key)
    if relative is None:
        if len(_shared) > _SHARED_LIMIT:
            _shared.clear()
        relative = _shared[key] = _relative(target, start_parts)
    return relative


def relative_url(target, page_path):
    """The link from the page at `page_path` (a directory URL) to `target` (an absolute path)."""
    return _relative(target, _start_parts(page_path))


def rewrite_page(html, page_path, prefix=None):
    """rewrite_links() and referenced_assets() in one pass over the page (both read the
    same links; a publish does this for every page)."""
    start_parts = _start_parts(page_path)
    asset_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)
    assets = set()
    # Split rather than sub() with a callback: a results page of the finder holds hundreds
    # of links, and a Python call per link cost more than the page's template. The parts
    # come as [text, '="', target, text, '="', target, …, text].
    parts = LINK_SPLIT.split(html)
    # Within a page the same target comes back (cards, menus): computed once.
    done = {}
    targets = parts[2::3]
    for target in set(targets):
        path = _target(target)[3]
        if path.startswith(asset_prefixes):
            assets.add(path)
        done[target] = (
            f"{prefix}{target}" if prefix is not None else _relative_shared(target, start_parts)
        )
    parts[2::3] = [done[target] for target in targets]
    return "".join(parts), assets


def rewrite_links(html, page_path, prefix=None):
    """Absolute paths become relative to the page, or get `prefix` (the 404 page, served anywhere)."""
    return rewrite_page(html, page_path, prefix)[0]


def referenced_assets(text):
    """Absolute /static/ and /media/ paths referenced by a page."""
    asset_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)
    found = set()
    for target in set(LINK_SPLIT.split(text)[2::3]):
        path = _target(target)[3]
        if path.startswith(asset_prefixes):
            found.add(path)
    return found
