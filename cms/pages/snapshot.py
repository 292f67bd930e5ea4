"""Kept for callers not yet moved: the read path is `cms.entries.published`."""

from cms.entries.published import (  # noqa: F401
    content_snapshot,
    entries,
    entries_by_address,
    frame,
    memo,
    outline,
    sections,
)
