"""Kept for callers not yet moved: the read path is `cms.entries.published`."""

from cms.entries.published import (  # noqa: F401
    content_fingerprint,
    guide_frame,
    guide_outline,
    published_entries,
    published_sections,
)
