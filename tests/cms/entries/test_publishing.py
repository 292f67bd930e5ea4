"""Drafts, scheduled and expired entries never reach residents."""

from datetime import timedelta

from django.utils import timezone

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import Entry
from cms.entries.published import published_entries


@pytest.mark.django_db
def test_a_never_published_draft_is_not_public():
    draft = EntryFactory(live=False, title="Brouillon secret")
    assert draft not in Entry.objects.published()
    assert draft not in published_entries()


@pytest.mark.django_db
def test_a_draft_revision_does_not_change_the_published_text():
    entry = EntryFactory(title="Titre publié")
    entry.title = "Titre en cours de rédaction"
    entry.save_revision()
    public = Entry.objects.published().get(pk=entry.pk)
    assert public.title == "Titre publié"
    assert entry.latest_revision.as_object().title == "Titre en cours de rédaction"


@pytest.mark.django_db
def test_scheduled_entry_is_not_public_before_its_date():
    entry = EntryFactory(live=False, title="Bientôt")
    entry.go_live_at = timezone.now() + timedelta(days=3)
    revision = entry.save_revision(approved_go_live_at=entry.go_live_at)
    revision.publish()
    entry.refresh_from_db()
    assert not entry.live
    assert entry not in Entry.objects.published()


@pytest.mark.django_db
def test_expired_entry_is_not_public():
    entry = EntryFactory(title="Périmé")
    Entry.objects.filter(pk=entry.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert not Entry.objects.published().filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_preview_of_a_draft_requires_an_editor(client, django_user_model):
    entry = EntryFactory(title="Titre publié")
    url = f"/admin/snippets/entries/entry/preview/{entry.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_arrondissement_filter_keeps_citywide_entries():
    from cms.entries.models import Arrondissement

    everywhere = EntryFactory(title="Partout", citywide=True)
    local = EntryFactory(title="Dans le 18e", citywide=False)
    local.arrondissements.set([Arrondissement.objects.get(number=18)])
    local.save()
    elsewhere = EntryFactory(title="Dans le 10e", citywide=False)
    elsewhere.arrondissements.set([Arrondissement.objects.get(number=10)])
    elsewhere.save()
    found = set(Entry.objects.published().in_arrondissement(18))
    assert {everywhere, local} <= found
    assert elsewhere not in found


@pytest.mark.django_db
def test_arrondissements_given_as_examples_keep_the_entry_everywhere():
    from cms.entries.models import Arrondissement

    examples = EntryFactory(title="Par exemple", citywide=False, arrondissements_are_examples=True)
    examples.arrondissements.set([Arrondissement.objects.get(number=4)])
    examples.save()
    assert examples in set(Entry.objects.published().in_arrondissement(18))
    assert examples.applies_to(18) and examples.applies_to(4)
