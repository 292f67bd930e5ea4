"""Only published content ever leaves the API: drafts, scheduled entries, expired entries,
unpublished pages never appear, on any endpoint."""

from datetime import timedelta

from django.utils import timezone

from wagtail.actions.edit import EditAction
from wagtail.models import Page

import pytest

from cms.entries.factories import EntryFactory, FphFundFactory
from cms.entries.models import Entry, EntryContact

from .conftest import get_all, get_json

pytestmark = pytest.mark.django_db


def save_draft(entry, **changes):
    """What the admin does on "Enregistrer le brouillon" for a live entry."""
    for name, value in changes.items():
        setattr(entry, name, value)
    EditAction(entry, user=None).execute(skip_permission_checks=True)


@pytest.fixture
def live_entry(db):
    entry = EntryFactory(
        title="Instance publiée",
        how="<p>Texte publié.</p>",
        citywide=False,
    )
    entry.arrondissements = [entry.arrondissements.model.objects.get_or_create(number=18)[0]]
    entry.save()
    entry.save_revision().publish()
    return Entry.objects.get(pk=entry.pk)


def test_entries_show_published_text_not_the_draft(client, live_entry):
    save_draft(live_entry, title="Titre en brouillon", how="<p>Texte en brouillon.</p>")
    assert Entry.objects.get(pk=live_entry.pk).latest_revision.as_object().title == (
        "Titre en brouillon"
    )

    detail = get_json(client, f"/api/v2/entries/{live_entry.pk}/")
    assert detail["title"] == "Instance publiée"
    assert detail["how"] == "<p>Texte publié.</p>"
    listing = get_all(client, "/api/v2/entries/?fields=title,how")
    assert [item["title"] for item in listing] == ["Instance publiée"]
    found = get_json(client, "/api/v2/entries/?search=brouillon")
    assert found["meta"]["total_count"] == 0


def test_never_published_scheduled_and_expired_entries_are_absent(client, live_entry):
    never = EntryFactory(title="Jamais publiée", live=False)
    scheduled = EntryFactory(title="Programmée", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)
    expired = EntryFactory(title="Expirée")
    Entry.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    titles = [item["title"] for item in get_all(client, "/api/v2/entries/")]
    assert titles == ["Instance publiée"]
    for entry in (never, scheduled, expired):
        get_json(client, f"/api/v2/entries/{entry.pk}/", status=404)
        assert get_json(client, f"/api/v2/entries/?slug={entry.slug}")["meta"]["total_count"] == 0


def test_fph_rows_of_unpublished_entries_and_drafts_are_absent(client, live_entry):
    published_fund = FphFundFactory(entry=live_entry, association="Association publiée")
    hidden = EntryFactory(title="FPH jamais publié", live=False)
    hidden_fund = FphFundFactory(entry=hidden, association="Association cachée")
    live_entry = Entry.objects.get(pk=live_entry.pk)
    live_entry.fph_funds.add(
        type(published_fund)(
            arrondissement=19, association="Association en brouillon", phone="0143296261"
        )
    )
    save_draft(live_entry)

    rows = get_all(client, "/api/v2/fph/")
    assert [row["association"] for row in rows] == ["Association publiée"]
    get_json(client, f"/api/v2/fph/{hidden_fund.pk}/", status=404)
    assert get_json(client, "/api/v2/fph/?arrondissement=19")["meta"]["total_count"] == 0


def test_arrondissements_show_only_published_entries_and_contacts(client, live_entry):
    hidden = EntryFactory(title="Invisible dans le 18e", live=False, citywide=True)
    EntryContact.objects.create(
        entry=hidden, kind="email", value="cache@paris.fr", arrondissement=18
    )
    save_draft(live_entry, title="Brouillon du 18e")

    item = get_json(client, "/api/v2/arrondissements/18/")
    assert [entry["title"] for entry in item["entries"]] == ["Instance publiée"]
    assert "cache@paris.fr" not in str(item)
    other = get_json(client, "/api/v2/arrondissements/3/")
    assert other["entries"] == []


def test_unpublished_and_private_pages_are_absent(client, db):
    root = Page.objects.get(depth=1)
    home = root.add_child(instance=Page(title="Accueil publié", slug="accueil-api", live=True))
    draft = home.add_child(instance=Page(title="Page en brouillon", slug="brouillon", live=False))
    live = home.add_child(instance=Page(title="Page publiée", slug="publiee"))
    live.save_revision().publish()
    live.title = "Titre de brouillon"
    live.save_revision()

    titles = [item["title"] for item in get_all(client, "/api/v2/pages/")]
    assert "Page en brouillon" not in titles
    assert "Titre de brouillon" not in titles
    get_json(client, f"/api/v2/pages/{draft.pk}/", status=404)


def test_images_and_documents_of_private_collections_are_absent(client, db):
    from wagtail.models import Collection, CollectionViewRestriction

    import wagtail_factories

    private = Collection.get_first_root_node().add_child(name="Réservé à la rédaction")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    wagtail_factories.ImageFactory(title="Image publique")
    wagtail_factories.ImageFactory(title="Image réservée", collection=private)
    wagtail_factories.DocumentFactory(title="Document public")
    wagtail_factories.DocumentFactory(title="Document réservé", collection=private)

    images = [item["title"] for item in get_all(client, "/api/v2/images/?fields=title")]
    documents = [item["title"] for item in get_all(client, "/api/v2/documents/?fields=title")]
    assert images == ["Image publique"]
    assert documents == ["Document public"]
