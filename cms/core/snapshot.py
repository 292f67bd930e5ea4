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


_MISSING = object()


def memo(key, compute):
    """compute() once per snapshot under `key`; outside a snapshot, every time."""
    store = _snapshot.get()
    if store is None:
        return compute()
    # One lookup, not two: some keys are long tuples (a finder list names each of its
    # hundreds of cards), and a tuple's hash is computed again at every lookup.
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = store[key] = compute()
    return value


def memo_each(keys, compute):
    """[memo(key, lambda: compute(i)) for i, key in enumerate(keys)], the snapshot found
    once: the finder's result pages look up some eighty thousand cards in a publish."""
    store = _snapshot.get()
    if store is None:
        return [compute(i) for i in range(len(keys))]
    values = []
    for i, key in enumerate(keys):
        value = store.get(key, _MISSING)
        if value is _MISSING:
            value = store[key] = compute(i)
        values.append(value)
    return values


def in_snapshot():
    """True inside content_snapshot(): the readers share one read of everything."""
    return _snapshot.get() is not None


def memoised(key):
    """True when the open snapshot already holds `key`: a reader may pick from it rather
    than read for itself."""
    store = _snapshot.get()
    return store is not None and key in store
