"""One read of the published content shared by every page of a publish.

The live site reads `guide.content` afresh on each request. The publisher renders
thousands of pages in a row from content that does not change meanwhile, so inside
`content_snapshot()` each read happens once and the pages filter the same lists.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from guide.content import guide_frame, published_entries, published_sections

_snapshot = ContextVar("participez_content_snapshot", default=None)


@contextmanager
def content_snapshot():
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def memo(key, compute):
    store = _snapshot.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def entries():
    """All published entries in the guide's order, relations prefetched."""
    return memo("entries", lambda: list(published_entries()))


def sections():
    return memo("sections", published_sections)


def frame():
    return memo("frame", guide_frame)


def entries_by_address():
    return memo("by_address", lambda: {(e.kind, e.slug): e for e in entries()})


def outline(arrondissement=None):
    """Same as guide.content.guide_outline(), from the shared entries."""
    selected = [e for e in entries() if arrondissement is None or e.applies_to(arrondissement)]
    result = []
    for section in sections():
        in_section = [e for e in selected if e.kind == section.kind]
        if in_section:
            result.append((section, in_section))
    return result
