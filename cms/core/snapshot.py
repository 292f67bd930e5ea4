"""The store of a content snapshot: what a build computes once and shares.

`cms.entries.published.content_snapshot()` opens one around a whole build (the static
site, a PDF) and its readers memoise into it; it lives here, below the CMS, so that
rules the read module itself depends on (the typography the models use) can memoise
into the same snapshot without importing the read module.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_snapshot = ContextVar("participez_content_snapshot", default=None)


@contextmanager
def content_snapshot():
    """Within this block, the readers below compute each result once."""
    token = _snapshot.set({})
    try:
        yield
    finally:
        _snapshot.reset(token)


def memo(key, compute):
    """compute() once per snapshot under `key`; outside a snapshot, every time."""
    store = _snapshot.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def in_snapshot():
    """True inside content_snapshot(): the readers share one read of everything."""
    return _snapshot.get() is not None


def memoised(key):
    """True when the open snapshot already holds `key`: a reader may pick from it rather
    than read for itself."""
    store = _snapshot.get()
    return store is not None and key in store
