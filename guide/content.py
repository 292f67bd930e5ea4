"""The one read path from the CMS to every output (web pages, static site, PDF, API).

Renderers call these functions and never query entries another way, so every output
shows the same published content in the same order.
"""

import hashlib

from cms.entries.loading import ENTRY_RELATIONS, dump_guide
from cms.entries.models import Entry, GuideFrame, Section


def published_entries(arrondissement=None):
    entries = Entry.objects.published().in_guide_order().prefetch_related(*ENTRY_RELATIONS)
    if arrondissement is not None:
        entries = entries.in_arrondissement(arrondissement).in_guide_order()
    return entries


def published_sections():
    return list(Section.objects.filter(live=True).order_by("number"))


def guide_frame():
    return GuideFrame.published()


def guide_outline(arrondissement=None):
    """[(section, [entries...]), ...] in the guide's order, empty sections dropped."""
    entries = list(published_entries(arrondissement))
    outline = []
    for section in published_sections():
        section_entries = [entry for entry in entries if entry.kind == section.kind]
        if section_entries:
            outline.append((section, section_entries))
    return outline


def content_fingerprint():
    """A short hash of everything published: equal fingerprints mean identical outputs."""
    return hashlib.sha256(dump_guide().encode("utf-8")).hexdigest()[:16]
