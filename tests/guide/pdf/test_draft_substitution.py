"""The draft preview shows the guide as it would be once the draft is published."""

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.loading import load_guide
from cms.entries.models import Entry, EntryKind
from cms.entries.published import guide_outline
from guide.pdf.context import build_context, substitute_entry

from .conftest import ensure_migrated_rows

pytestmark = pytest.mark.django_db


def titles(outline):
    return [(section.kind, entry.title) for section, entries in outline for entry in entries]


def test_draft_preview_outline_and_context():
    # One test: loading the guide is the slow part.
    ensure_migrated_rows()
    load_guide()

    # A never-published entry appears in its section.
    draft = EntryFactory(live=False, kind=EntryKind.TOOL, title="Le Vote citoyen")
    draft = draft.latest_revision.as_object()
    outline = substitute_entry(guide_outline(), draft)
    assert (EntryKind.TOOL, "Le Vote citoyen") in titles(outline)
    assert ("tool", "Le Vote citoyen") not in titles(guide_outline())

    # An edited entry replaces its published version, in place.
    entry = Entry.objects.get(slug="budget-participatif")
    before = titles(guide_outline())
    entry.title = "Le Budget Participatif 2026"
    entry.save_revision()
    outline = substitute_entry(guide_outline(), entry.latest_revision.as_object())
    after = titles(outline)
    assert len(after) == len(before)
    position = before.index((EntryKind.TOOL, "Le Budget Participatif"))
    assert after[position] == (EntryKind.TOOL, "Le Budget Participatif 2026")

    # The context flags the preview and keeps the draft's contacts.
    entry = Entry.objects.get(slug="kiosques-citoyens")
    entry.save_revision()
    context = build_context("screen", draft=entry.latest_revision.as_object())
    assert context["is_draft_preview"]
    kiosques = next(
        item
        for section in context["sections"]
        for item in section.entries
        if item.entry.slug == "kiosques-citoyens"
    )
    assert any("kiosque" in contact.value for contact in kiosques.contacts)
