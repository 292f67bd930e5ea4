"""Residents see when each entry was last checked and which edition the guide is."""

import datetime

from cms.entries.models import Entry


def test_entry_page_says_when_it_was_checked(guide, site_client):
    entry = Entry.objects.get(slug="budget-participatif")
    html = site_client.get(entry.get_url_path()).content.decode()
    assert "Mis à jour le 31 mars 2017" in html


def test_entry_page_follows_a_new_check(guide, site_client):
    entry = Entry.objects.get(slug="budget-participatif")
    entry.verified_on = datetime.date(2026, 3, 12)
    entry.save_revision().publish()
    html = site_client.get(entry.get_url_path()).content.decode()
    assert "Mis à jour le 12 mars 2026" in html
    assert "Mis à jour le 31 mars 2017" not in html


def test_landing_shows_the_guide_edition_date(guide, site_client):
    html = site_client.get("/participez/").content.decode()
    assert "Édition du 31 mars 2017" in html
