"""Entries are moderated: an editor submits, a moderator approves, then it is public."""

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import Entry


@pytest.mark.django_db
def test_entries_section_and_frame_have_a_moderation_workflow():
    from cms.entries.models import GuideFrame, Section

    for model in (Entry, Section, GuideFrame):
        workflow = model().get_workflow()
        assert workflow is not None
        assert workflow.name == "Relecture des contenus du guide"


@pytest.mark.django_db
def test_submitting_for_moderation_does_not_publish(django_user_model):
    editor = django_user_model.objects.create_user("redactrice", password="x")
    entry = EntryFactory(title="Texte publié")
    entry.title = "Texte soumis à relecture"
    entry.save_revision(user=editor)
    entry.get_workflow().start(entry, editor)
    assert Entry.objects.published().get(pk=entry.pk).title == "Texte publié"
    assert entry.workflow_in_progress
