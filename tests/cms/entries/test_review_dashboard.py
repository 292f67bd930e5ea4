"""The dashboard lists the entries to check again; the entries listing filters them."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.presentation import french_date

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/entries/entry/"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def entries(today, django_user_model):
    owner = django_user_model.objects.create_user(
        "camille", "camille@example.invalid", first_name="Camille", last_name="Durand"
    )
    owner.user_permissions.add(Permission.objects.get(codename="access_admin"))
    days = datetime.timedelta
    return {
        "late": EntryFactory(
            title="Très en retard",
            verified_on=today - days(800),
            review_before=today - days(400),
            owner=owner,
        ),
        "slightly_late": EntryFactory(
            title="Un peu en retard",
            verified_on=today - days(370),
            review_before=today - days(3),
        ),
        "soon": EntryFactory(
            title="Bientôt à revoir",
            verified_on=today - days(340),
            review_before=today + days(20),
        ),
        "fresh": EntryFactory(title="Vérifiée récemment", verified_on=today),
    }


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.invalid", "x")
    client.force_login(user)
    return client


def test_dashboard_lists_due_entries_oldest_first_with_owner_and_edit_link(admin_client, entries):
    html = admin_client.get("/admin/").content.decode()
    assert "Entrées à revoir" in html
    panel = html[html.index("Entrées à revoir") :]
    late, slightly, soon = (
        panel.index(t) for t in ("Très en retard", "Un peu en retard", "Bientôt")
    )
    assert late < slightly < soon
    assert "Vérifiée récemment" not in panel
    assert "Camille Durand" in panel
    three_days_ago = french_date(timezone.localdate() - datetime.timedelta(days=3))
    assert "En retard depuis le " + three_days_ago.replace(" ", "\u00a0") in panel
    edit = f"/admin/snippets/entries/entry/edit/{entries['late'].pk}/"
    assert f'href="{edit}"' in panel
    assert "3 entrées à vérifier dans les 30 jours ou en retard, dont 2 en retard" in panel


def test_dashboard_says_when_nothing_is_due(admin_client, today):
    EntryFactory(title="Vérifiée récemment", verified_on=today)
    html = admin_client.get("/admin/").content.decode()
    assert "Aucune entrée à revoir dans les 30 jours" in html


def test_dashboard_panel_only_for_those_who_edit_entries(client, django_user_model, entries):
    user = django_user_model.objects.create_user("lectrice", "l@example.invalid", "x")
    group = Group.objects.create(name="Lecture seule")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "Entrées à revoir" not in html


def test_listing_filters_entries_to_review(admin_client, entries):
    html = admin_client.get(LISTING, {"review": "due"}).content.decode()
    assert "Très en retard" in html and "Bientôt à revoir" in html
    assert "Vérifiée récemment" not in html
    html = admin_client.get(LISTING, {"review": "overdue"}).content.decode()
    assert "Un peu en retard" in html
    assert "Bientôt à revoir" not in html
    html = admin_client.get(LISTING).content.decode()
    assert "À revoir (dans les 30 jours ou en retard)" in html


def test_entry_form_has_the_verification_fields_in_french(admin_client, entries):
    html = admin_client.get(f"/admin/snippets/entries/entry/edit/{entries['soon'].pk}/").content
    html = html.decode()
    for text in ("Vérification", "Responsable", "Vérifié le", "À revoir avant", "Laissez vide"):
        assert text in html
    assert ">Camille Durand (camille)</option>" in html
    assert 'value="' + entries["soon"].verified_on.strftime("%d/%m/%Y") + '"' in html


def test_entry_form_takes_french_dates(admin_client, entries):
    url = f"/admin/snippets/entries/entry/edit/{entries['soon'].pk}/"
    form = admin_client.get(url).context["form"]
    assert form.fields["verified_on"].clean("12/03/2026") == datetime.date(2026, 3, 12)
    assert form.fields["review_before"].clean("01/02/2027") == datetime.date(2027, 2, 1)
