"""The content version moves with every publication, and only then."""

from datetime import timedelta

from django.utils import timezone

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Consultation
from cms.entries.factories import EntryFactory, FphFundFactory
from cms.entries.published import content_version


@pytest.mark.django_db
def test_publishing_a_revision_changes_the_version_a_draft_does_not():
    entry = EntryFactory(title="Titre publié")
    before = content_version()
    entry.title = "Titre en cours de rédaction"
    entry.save_revision()
    assert content_version() == before
    entry.get_latest_revision().publish()
    assert content_version() != before


@pytest.mark.django_db
def test_unpublishing_expiry_reordering_and_fph_edits_change_the_version():
    entry = EntryFactory()
    fund = FphFundFactory(entry=entry)
    versions = [content_version()]
    entry.sort_order = 1
    entry.save(update_fields=["sort_order"])
    versions.append(content_version())
    fund.association = "Autre association"
    fund.save()
    versions.append(content_version())
    entry.expire_at = timezone.now() - timedelta(minutes=1)
    entry.save(update_fields=["expire_at"])
    versions.append(content_version())
    assert len(set(versions)) == len(versions)


@pytest.mark.django_db
def test_one_definition_of_a_published_and_an_open_consultation():
    now = timezone.now()
    open_one = ConsultationFactory()
    upcoming = ConsultationFactory(
        opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2)
    )
    expired = ConsultationFactory()
    Consultation.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(minutes=1))
    draft = ConsultationFactory(live=False)
    assert set(Consultation.objects.published()) == {open_one, upcoming}
    assert set(Consultation.objects.open()) == {open_one}
    assert draft not in Consultation.objects.published()
    assert expired not in Consultation.objects.published()


@pytest.mark.django_db
def test_the_snapshot_reads_each_relation_as_prefetch_related_does(
    guide_module, django_assert_num_queries
):
    """A publish reads the entries' relations in one query each (with_relations), not
    through Django's prefetch: the same rows in the same order, each row knowing its
    entry, and nothing more asked of the database when the pages read them."""
    from cms.entries.models import ENTRY_RELATIONS
    from cms.entries.published import content_snapshot, entries, published_entries, related

    expected = list(published_entries())
    with content_snapshot():
        with django_assert_num_queries(1 + len(ENTRY_RELATIONS) + 3):  # + the 3 tag tables
            read = entries()
        assert [entry.pk for entry in read] == [entry.pk for entry in expected]
        with django_assert_num_queries(0):
            for mine, theirs in zip(read, expected, strict=True):
                for name in ENTRY_RELATIONS:
                    rows = [(type(row), row.pk) for row in getattr(mine, name).all()]
                    assert rows == [(type(row), row.pk) for row in getattr(theirs, name).all()]
                    assert list(related(mine, name)) == list(getattr(mine, name).all())
                assert all(contact.entry is mine for contact in mine.contacts.all())
                assert mine.arrondissement_numbers() == theirs.arrondissement_numbers()


@pytest.mark.django_db
def test_rows_of_entries_published_after_the_list_was_read_are_left_out(guide_module):
    """with_relations(entries, among=queryset) selects the rows through the queryset's SQL:
    an entry it holds that the list does not (published between the two reads) gets no
    row and raises nothing; the listed ones get theirs."""
    from cms.entries.models import ENTRY_RELATIONS, Entry
    from cms.entries.published import published_entries, with_relations

    everyone = list(published_entries())
    budget = next(entry for entry in everyone if entry.slug == "budget-participatif")
    listed = [Entry.objects.get(pk=budget.pk)]
    read = with_relations(listed, among=Entry.objects.published())
    assert read == listed
    for name in ENTRY_RELATIONS:
        assert [row.pk for row in getattr(read[0], name).all()] == [
            row.pk for row in getattr(budget, name).all()
        ]
    assert any(getattr(read[0], name).all() for name in ENTRY_RELATIONS)
