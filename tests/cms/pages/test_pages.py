import pytest
from bs4 import BeautifulSoup

from cms.core.static_export import EXPORT_ENVIRON_KEY
from cms.entries.models import Entry
from cms.pages.views import public_paths

from .html_checks import assert_valid_page

pytestmark = pytest.mark.django_db


def get(client, path, status=200):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == status, path
    return response.content.decode()


def text_of(html):
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_every_public_page_is_valid_accessible_html(guide, site_client):
    paths = public_paths()
    # Every kind of page is there: sections, entries, 20 arrondissements, tools, texts.
    assert "/participez/" in paths
    assert "/participez/outils/budget-participatif/" in paths
    assert {f"/participez/arrondissements/{n}/" for n in range(1, 21)} <= set(paths)
    assert "/participez/declaration-accessibilite/" in paths
    assert "/participez/mentions-legales/" in paths
    # The finder's thousand steps share three templates: check one of each kind.
    finder_steps = [p for p in paths if p.startswith("/participez/comment-participer/")]
    assert len(finder_steps) > 500
    sample = [
        "/participez/comment-participer/19e/",
        "/participez/comment-participer/12e/",
        "/participez/comment-participer/12e/senior/",
        "/participez/comment-participer/19e/quartier-populaire/jeune/je-propose/",
        "/participez/comment-participer/paris/habitant/tout-voir/",
    ]
    assert set(sample) <= set(paths)
    for path in [
        *(p for p in paths if p not in finder_steps),
        *sample,
        "/participez/recherche/?q=budget",
    ]:
        assert_valid_page(get(site_client, path), path)


def test_home_page_leads_to_the_guide(guide, site_client):
    soup = BeautifulSoup(get(site_client, "/"), "html.parser")
    assert soup.find("a", href="/participez/")


def test_landing_shows_the_three_commitments_and_the_five_paths(guide, site_client):
    text = text_of(get(site_client, "/participez/"))
    for commitment in [
        "Un droit effectif à la participation citoyenne",
        "Une co-construction à chaque étape",
        "Recueillir la voix de tous",
    ]:
        assert commitment in text
    soup = BeautifulSoup(get(site_client, "/participez/"), "html.parser")
    paths = [a.get_text(" ", strip=True) for a in soup.select(".path__link")]
    assert paths == [
        "1 Je propose une idée / un projet",
        "2 Je vote et donne mon avis",
        "3 Je m'engage",
        "4 Je me forme",
        "5 Je me fais accompagner",
    ]
    # Each path lists the entries tagged with it.
    proposer = text_of(get(site_client, "/participez/comment-participer/je-propose/"))
    assert "Le Budget Participatif" in proposer
    assert "Paris Asso Formations" not in proposer


def test_section_and_entry_pages(guide, site_client):
    section = text_of(get(site_client, "/participez/plateformes-numeriques/"))
    assert "Les plateformes numériques" in section
    assert "Paris Pétition" in section and "Le Budget Participatif" not in section
    entry = text_of(get(site_client, "/participez/acteurs/conseil-parisien-jeunesse/"))
    assert "Le Conseil Parisien de la Jeunesse (CPJ)" in entry
    assert "De 15 à 30 ans" in entry
    # An entry under the wrong section is not found.
    get(site_client, "/participez/outils/conseil-parisien-jeunesse/", status=404)


def test_arrondissement_page_gathers_what_applies_there(guide, site_client):
    html = get(site_client, "/participez/arrondissements/18/")
    soup = BeautifulSoup(html, "html.parser")
    text = text_of(html)
    assert soup.h1.get_text(" ", strip=True) == "Participer dans le 18e arrondissement"
    # The conseil citoyen's patterned address, resolved and clickable.
    assert soup.find("a", href="mailto:conseilcitoyen18@gmail.com")
    # Its three FPH funds, and no other arrondissement's.
    for association in ["Salle Saint Bruno", "Projets-19", "École Normale Sociale (ENS)"]:
        assert association in text
    assert "Archipelia" not in text
    assert "Les Conseils de quartier" in text and "Avec votre mairie d'arrondissement" in text
    # Kiosques citoyens only exist in the 12e, 14e and 15e.
    assert "Kiosques" not in text
    kiosque = BeautifulSoup(get(site_client, "/participez/arrondissements/14/"), "html.parser")
    assert kiosque.find("a", href="mailto:kiosquecitoyen14@paris.fr")
    assert not kiosque.find("a", href="mailto:kiosque-citoyen12@paris.fr")
    get(site_client, "/participez/arrondissements/21/", status=404)


def test_fph_directory_lists_the_twelve_funds_and_filters_without_javascript(guide, site_client):
    soup = BeautifulSoup(
        get(site_client, "/participez/fonds-participation-habitants/"), "html.parser"
    )
    assert len(soup.select("table tbody tr")) == 12
    # The filter is made of links, so it works on the static site and without JavaScript.
    link = soup.find("a", href="/participez/fonds-participation-habitants/20/")
    assert link and link.get_text() == "20e"
    filtered = BeautifulSoup(get(site_client, link["href"]), "html.parser")
    # Each row's first cell: "20e" (its ordinal set as a superscript, as in the PDF).
    rows = [row.find("th").get_text(strip=True) for row in filtered.select("table tbody tr")]
    assert len(rows) == 3 and all(row.startswith("20e") for row in rows)
    assert (
        filtered.find("a", href="/participez/fonds-participation-habitants/20/")["aria-current"]
        == "page"
    )
    # The live site also accepts the classic ?arrondissement= form.
    response = site_client.get(
        "/participez/fonds-participation-habitants/?arrondissement=18", HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    assert response["Location"] == "/participez/fonds-participation-habitants/18/"
    get(site_client, "/participez/fonds-participation-habitants/5/", status=404)


def test_search_finds_entries_and_the_edito(guide, site_client):
    soup = BeautifulSoup(
        get(site_client, "/participez/recherche/?q=budget+participatif"), "html.parser"
    )
    titles = [a.get_text(strip=True) for a in soup.select("[data-search-results] .card__title a")]
    assert titles[0] == "Le Budget Participatif"
    # Accent- and case-insensitive, and the édito is searchable.
    soup = BeautifulSoup(
        get(site_client, "/participez/recherche/?q=ENERGIE+citoyenne"), "html.parser"
    )
    assert "Édito" in [a.get_text(strip=True) for a in soup.select(".card__title a")]
    # "Parisiennes" finds text written "Parisien·ne·s".
    soup = BeautifulSoup(
        get(site_client, "/participez/recherche/?q=parisiennes+engager"), "html.parser"
    )
    assert soup.select(".card__title a")
    assert "Aucun résultat" in text_of(get(site_client, "/participez/recherche/?q=zzzzzz"))


def test_search_rules_serve_the_static_site(guide, site_client):
    rules = site_client.get("/participez/recherche/index.json", HTTP_HOST="localhost").json()
    assert "budget participatif" in rules["synonyms"]["voter"]
    assert (
        rules["promotions"]["signaler"][0]["url"]
        == "/participez/plateformes-numeriques/dans-ma-rue/"
    )
    assert "kiosque" in rules["vocabulary"]


def test_footer_shows_the_accessibility_status_and_legal_pages(guide, site_client):
    soup = BeautifulSoup(get(site_client, "/participez/formations/"), "html.parser")
    footer = soup.find("footer")
    status = footer.find("a", href="/participez/declaration-accessibilite/")
    assert status.get_text(strip=True) == "Accessibilité : non conforme"
    assert footer.find("a", href="/participez/mentions-legales/")
    assert footer.find("a", href="/participez/guide.pdf")
    assert footer.find("a", href="/participez/guide-impression.pdf")
    statement = text_of(get(site_client, "/participez/declaration-accessibilite/"))
    assert "Défenseur des droits" in statement and "RGAA" in statement


def test_point_median_is_kept_as_one_character(guide, site_client):
    html = get(site_client, "/participez/")
    assert "Parisien·ne·s" in text_of(html)
    assert "&middot;" not in html and "Parisien-ne-s" not in html.split("<main")[0]


def test_unknown_page_is_a_french_404(guide, site_client):
    html = get(site_client, "/participez/nulle-part/", status=404)
    assert "Page introuvable" in text_of(html)
    assert_valid_page(html)


def test_unpublished_entry_disappears(guide, site_client):
    entry = Entry.objects.get(slug="paris-petition")
    entry.unpublish()
    get(site_client, "/participez/plateformes-numeriques/paris-petition/", status=404)
    assert "Paris Pétition" not in text_of(get(site_client, "/participez/plateformes-numeriques/"))
    assert entry.get_url_path() not in public_paths()


def test_sitemap_and_robots(guide, site_client, settings):
    # the configured public address, whatever Host the request came with (production)
    settings.BASE_URL = "https://participez.paris.fr"
    sitemap = get(site_client, "/sitemap.xml")
    assert (
        "<loc>https://participez.paris.fr/participez/outils/budget-participatif/</loc>" in sitemap
    )
    assert "<loc>https://participez.paris.fr/participez/arrondissements/20/</loc>" in sitemap
    robots = get(site_client, "/robots.txt")
    assert "Sitemap: https://participez.paris.fr/sitemap.xml" in robots


def test_editors_preview_a_draft_entry_in_the_public_design(guide, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    entry = Entry.objects.get(slug="conseils-citoyens")
    entry.title = "Les conseils citoyens (brouillon)"
    response = entry.make_preview_request()
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Les conseils citoyens (brouillon)"
    assert soup.find("a", href="mailto:conseilcitoyen18@gmail.com")
    assert soup.find("footer")


def test_small_things_a_resident_notices(guide, site_client):
    soup = BeautifulSoup(get(site_client, "/"), "html.parser")
    title = soup.find("title").get_text()
    assert title.count("Participez") == 1
    assert soup.find("a", href="/participez/comment-participer/")
    pager = text_of(get(site_client, "/participez/arrondissements/18/"))
    assert "Arrondissement précédent ← 17e arrondissement" in pager
    assert "Arrondissement suivant 19e arrondissement →" in pager
    legal = text_of(get(site_client, "/participez/mentions-legales/"))
    assert "Directeur·rice de la publication" in legal


def test_an_arrondissement_page_offers_its_own_pdf_edition(guide, site_client):
    soup = BeautifulSoup(get(site_client, "/participez/arrondissements/18/"), "html.parser")
    downloads = soup.select_one(".page-header .downloads")
    links = {a.get_text(" ", strip=True): a["href"] for a in downloads.find_all("a")}
    assert links == {
        "le guide du 18e (PDF)": "/participez/guide-arrondissement-18.pdf",
        "le guide de tout Paris (PDF)": "/participez/guide.pdf",
    }


def test_open_consultations_are_announced_in_the_guide(guide, site_client):
    title = "Votre avis sur ce guide de la participation"
    url = "/participez/consultations/votre-avis-sur-ce-guide/"
    landing = BeautifulSoup(get(site_client, "/participez/"), "html.parser")
    band = landing.find(id="consultations-title").find_parent("section")
    assert band.find("a", string=title)["href"] == url
    assert "Ouverte jusqu'au " in band.get_text()
    vote = BeautifulSoup(get(site_client, "/participez/comment-participer/je-vote/"), "html.parser")
    assert vote.find("main").find("a", string=title)["href"] == url
    footer = BeautifulSoup(get(site_client, "/participez/formations/"), "html.parser").footer
    assert footer.find("a", string=title)["href"] == url
    # The 2017 charter consultation is closed: not announced, still found by search.
    assert "Charte parisienne" not in footer.get_text()
    sitemap = site_client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert f"{url}</loc>" in sitemap


def test_the_static_site_has_a_page_for_each_consultation(guide, site_client, settings):
    settings.BASE_URL = "https://participez.paris.fr"
    settings.STATIC_SITE_URL = "https://guide.example"
    url = "/participez/consultations/votre-avis-sur-ce-guide/"
    paths = public_paths()
    assert {"/participez/consultations/", url} <= set(paths)
    assert "/participez/consultations/charte-parisienne-participation-2017/" in paths
    static = {EXPORT_ENVIRON_KEY: True, "HTTP_HOST": "localhost"}
    # Every announcement leads to the static page, which leads to the live form.
    footer = BeautifulSoup(site_client.get("/participez/", **static).content, "html.parser").footer
    assert footer.find("a", string="Votre avis sur ce guide de la participation")["href"] == url
    page = BeautifulSoup(site_client.get(url, **static).content, "html.parser")
    assert not page.find("main").find("form")
    answer = page.find("a", string="Répondre à la consultation sur le site de la Ville")
    assert answer["href"] == f"https://participez.paris.fr{url}"
    sitemap = site_client.get("/sitemap.xml", **static).content.decode()
    assert f"<loc>https://guide.example{url}</loc>" in sitemap
