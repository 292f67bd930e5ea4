"""The entries listing says where each entry stands, in French, and filters on it."""

from datetime import timedelta

from django.utils import timezone

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import EditorialStatus, Entry

LISTING = "/admin/snippets/entries/entry/"


@pytest.fixture
def entries(django_user_model):
    """One entry in each state, published first as the factory makes them."""
    editor = django_user_model.objects.create_user("redactrice", password="x")
    made = {}

    made["published"] = EntryFactory(title="Entrée publiée telle quelle")

    pending = EntryFactory(title="Entrée avec brouillon")
    pending.title = "Entrée avec brouillon modifié"
    pending.save_revision(user=editor)
    made["pending_draft"] = pending

    in_review = EntryFactory(title="Entrée soumise à relecture")
    in_review.save_revision(user=editor)
    in_review.get_workflow().start(in_review, editor)
    made["in_review"] = in_review

    scheduled = EntryFactory(title="Entrée à publier plus tard")
    scheduled.unpublish()
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision(user=editor).publish()
    made["scheduled"] = scheduled

    unpublished = EntryFactory(title="Entrée retirée du site")
    unpublished.unpublish()
    made["unpublished"] = unpublished
    return made


@pytest.fixture
def admin_client(client, django_user_model, entries):
    user = django_user_model.objects.create_superuser("admin", "a@example.invalid", "x")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_each_entry_has_one_status(entries):
    statuses = dict(Entry.objects.with_editorial_status().values_list("pk", "editorial_status"))
    for status, entry in entries.items():
        assert statuses[entry.pk] == status, entry.title


def row_of(html, title):
    start = html.index(title)
    return html[start : html.index("</tr>", start)]


def test_listing_shows_the_status_in_french(admin_client, entries):
    html = admin_client.get(LISTING).content.decode()
    assert ">Statut<" in html or "Statut\n" in html
    expected = {
        "Entrée publiée telle quelle": "publiée",
        "Entrée avec brouillon": "brouillon en attente",
        "Entrée soumise à relecture": "en relecture",
        "Entrée à publier plus tard": "programmée",
        "Entrée retirée du site": "non publiée",
    }
    for title, label in expected.items():
        row = row_of(html, title)
        assert f">{label}<" in row.replace("\n", "").replace("  ", ""), (title, row)


@pytest.mark.parametrize("status", [s.value for s in EditorialStatus])
def test_listing_filters_on_the_status(admin_client, entries, status):
    html = admin_client.get(LISTING, {"status": status}).content.decode()
    for other, entry in entries.items():
        # the listing shows the live title (the draft's is not published)
        title = Entry.objects.get(pk=entry.pk).title
        assert (title in html) == (other == status), (status, title)


def test_filter_offers_the_statuses_in_french(admin_client):
    html = admin_client.get(LISTING).content.decode()
    for label in ["programmée", "en relecture", "brouillon en attente", "non publiée"]:
        assert label in html


def test_the_entry_form_offers_scheduled_publication(admin_client, entries):
    entry = entries["published"]
    html = admin_client.get(f"{LISTING}edit/{entry.pk}/").content.decode()
    assert 'id="schedule-publishing-dialog"' in html
    assert 'name="go_live_at"' in html and 'name="expire_at"' in html


def test_sections_and_the_guide_frame_can_be_scheduled_too(admin_client):
    from io import StringIO

    from django.core.management import call_command

    from cms.entries.models import GuideFrame, Section

    call_command("load_guide", stdout=StringIO())
    for model, url in [
        (Section, "/admin/snippets/entries/section/edit/{}/"),
        (GuideFrame, "/admin/snippets/entries/guideframe/edit/{}/"),
    ]:
        obj = model.objects.first()
        html = admin_client.get(url.format(obj.pk)).content.decode()
        assert 'id="schedule-publishing-dialog"' in html, model
