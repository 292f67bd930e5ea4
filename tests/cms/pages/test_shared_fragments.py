"""What every page shares (the header, the footer, an entry's card, an arrondissement's
lists) is rendered once and reused (cms.pages.fragments): residents must never notice it.
A publication shows at once on every page that lists the entry, the menu marks the page
being read, the footer lists the consultations open now."""

from datetime import timedelta

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from cms.consultations.models import Consultation
from cms.entries.models import Entry
from cms.pages import fragments
from cms.pages.views import public_paths

pytestmark = pytest.mark.django_db


def soup_of(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return {title.get_text(" ", strip=True) for title in soup.select(".card__title")}


@pytest.mark.parametrize("ttl", [0, 60])
def test_a_publication_shows_at_once_on_every_list_that_shows_the_entry(
    guide, site_client, settings, ttl
):
    # With a long LIVE_VERSION_TTL too: a publication through this process is seen at once.
    settings.LIVE_VERSION_TTL = ttl
    entry = Entry.objects.get(slug="conseils-citoyens")
    section = entry.section.get_url_path()
    finder = next(
        path
        for path in public_paths()
        if path.startswith("/participez/comment-participer/18e/") and path.endswith("/tout-voir/")
    )
    lists = [section, "/participez/arrondissements/18/", finder]
    for path in lists:  # seen once: their parts are kept
        assert entry.display_name in card_titles(soup_of(site_client, path)), path

    entry.title = "Conseils citoyens de quartier"
    entry.save_revision().publish()

    for path in lists:
        titles = card_titles(soup_of(site_client, path))
        assert "Conseils citoyens de quartier" in titles, path
        assert "Conseils citoyens" not in titles, path


def test_an_editors_preview_never_reaches_residents(guide, site_client, settings):
    entry = Entry.objects.get(slug="conseils-citoyens")
    section = entry.section.get_url_path()
    soup_of(site_client, section)
    entry.title = "Conseils citoyens (brouillon)"
    preview = BeautifulSoup(entry.make_preview_request().content, "html.parser")
    assert preview.h1.get_text(strip=True) == "Conseils citoyens (brouillon)"
    assert preview.find(class_="preview-banner")
    for path in (section, entry.get_url_path(), "/participez/arrondissements/18/"):
        soup = soup_of(site_client, path)
        assert "brouillon" not in soup.get_text(), path
        assert not soup.find(class_="preview-banner"), path


def test_the_menu_marks_the_page_being_read(guide, site_client):
    def current(path):
        menu = soup_of(site_client, path).find("nav", attrs={"aria-label": "Menu principal"})
        return [link.get_text(strip=True) for link in menu.select('[aria-current="page"]')]

    assert current("/participez/acteurs/") == ["Acteurs"]
    assert current("/participez/outils/") == ["Outils"]
    assert current("/participez/outils/budget-participatif/") == []
    assert current("/participez/comment-participer/") == ["Comment participer ?"]
    assert current("/participez/arrondissements/") == ["Près de chez vous"]
    assert current("/participez/acteurs/") == ["Acteurs"]


def test_the_footer_lists_the_consultations_open_now(guide, site_client):
    title = "Votre avis sur ce guide de la participation"
    footer = soup_of(site_client, "/participez/formations/").footer
    assert footer.find("a", string=title)

    # Time passes: the consultation closes without anything being published.
    Consultation.objects.filter(title=title).update(closes_at=timezone.now() - timedelta(days=1))

    for path in ("/participez/formations/", "/participez/outils/"):
        assert not soup_of(site_client, path).footer.find("a", string=title), path


def test_each_page_keeps_its_own_report_link(guide, site_client):
    for path in ("/participez/acteurs/", "/participez/outils/"):
        link = soup_of(site_client, path).footer.find(
            "a", string="Signaler une information périmée ou une erreur"
        )
        assert path.replace("/", "%2F") in link["href"], path


def test_the_content_version_is_read_once_per_interval_not_on_every_page(
    guide, site_client, settings, monkeypatch
):
    """At city scale reading the content version costs more than the rest of a live
    page: pages served within LIVE_VERSION_TTL of each other read it once."""
    settings.LIVE_VERSION_TTL = 60
    fragments.forget_fragments()
    reads = []
    real = fragments.content_version
    monkeypatch.setattr(fragments, "content_version", lambda: reads.append(1) or real())
    for path in ("/participez/arrondissements/18/", "/participez/outils/", "/participez/"):
        soup_of(site_client, path)
    assert len(reads) == 1


def test_a_publication_by_another_process_shows_within_the_interval(
    guide, site_client, settings, monkeypatch
):
    settings.LIVE_VERSION_TTL = 5
    clock = [1000.0]
    monkeypatch.setattr(fragments.time, "monotonic", lambda: clock[0])
    fragments.forget_fragments()
    arrondissement = "/participez/arrondissements/18/"
    entry = Entry.objects.get(slug="conseils-citoyens")
    assert entry.display_name in card_titles(soup_of(site_client, arrondissement))

    # The worker (another process) publishes: this process gets no signal of it.
    generation = fragments._edits["generation"]
    entry.title = "Conseils citoyens de quartier"
    entry.save_revision().publish()
    fragments._edits["generation"] = generation

    clock[0] += 1
    assert "Conseils citoyens de quartier" not in card_titles(soup_of(site_client, arrondissement))
    clock[0] += 5
    assert "Conseils citoyens de quartier" in card_titles(soup_of(site_client, arrondissement))
