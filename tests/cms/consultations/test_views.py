"""The consultation pages in the guide's frame, and their static-site version."""

import datetime

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from cms.consultations.factories import ConsultationFactory
from cms.core.static_export import EXPORT_ENVIRON_KEY

from .conftest import valid_answers

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def assert_guide_frame(soup, current):
    """The guide's header, menu, footer and breadcrumbs, and no inline script (CSP)."""
    assert soup.find("header", class_="site-header").find(class_="brand")
    assert soup.find("nav", attrs={"aria-label": "Menu principal"})
    assert soup.find("footer", class_="site-footer")
    crumbs = soup.find("nav", attrs={"aria-label": "Fil d'Ariane"})
    assert crumbs.find("a", string="Consultations") or current == "Consultations"
    assert crumbs.find(attrs={"aria-current": "page"}).get_text(strip=True) == current
    assert soup.find(id="contenu").name == "main"
    assert all(script.get("src") for script in soup.find_all("script"))


def test_consultation_pages_share_the_guide_frame(client, consultation, fresh_form):
    page = soup_of(client.get(consultation.get_url_path()))
    assert_guide_frame(page, consultation.title)
    assert page.find("h1").get_text(strip=True) == consultation.title
    assert page.find("form", class_="c-form")
    scripts = {script["src"].rsplit("/", 1)[-1] for script in page.find_all("script")}
    assert {"consultation-form.js", "character-count.js", "site.js"} <= scripts

    listing = soup_of(client.get("/participez/consultations/"))
    assert_guide_frame(listing, "Consultations")
    assert listing.find("a", string=consultation.title)

    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token))
    thanks = soup_of(client.get(response["Location"]))
    assert_guide_frame(thanks, consultation.title)
    assert thanks.find(attrs={"data-error-summary": True}).get_text(strip=True) == (
        "Vos réponses ont bien été envoyées"
    )


def test_errors_keep_the_summary_focus_and_title_in_the_guide_frame(client, fresh_form):
    consultation = ConsultationFactory()
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token, q_engagement=None))
    assert response.status_code == 400
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.title.get_text().startswith("Erreur : ")
    summary = soup.find(class_="c-error-summary")
    assert summary.has_attr("autofocus") and summary.has_attr("data-error-summary")
    assert soup.find("nav", attrs={"aria-label": "Menu principal"})


def test_the_embedded_form_keeps_its_bare_frame(client, consultation):
    soup = soup_of(client.get(consultation.get_embed_path()))
    assert not soup.find("nav", attrs={"aria-label": "Menu principal"})
    assert not soup.find("footer")
    assert soup.find("form", class_="c-form")


def test_on_the_static_site_the_page_presents_the_consultation_and_links_to_the_form(
    client, consultation
):
    soup = soup_of(client.get(consultation.get_url_path(), **{EXPORT_ENVIRON_KEY: True}))
    assert_guide_frame(soup, consultation.title)
    main = soup.find("main")
    assert main.find("h1").get_text(strip=True) == consultation.title
    assert "Ouverte jusqu'au" in main.get_text()
    # No form a static host could not receive; the live form, one click away.
    assert not main.find("form")
    answer = main.find("a", string="Répondre à la consultation sur le site de la Ville")
    assert answer["href"] == f"http://testserver{consultation.get_url_path()}"
    assert "formulaire s'ouvre sur le site de la Ville de Paris" in main.get_text()
    questions = [li.find("p").get_text(" ", strip=True) for li in main.select("ol > li")]
    assert questions[0] == "Quel engagement en priorité ? (réponse obligatoire)"
    assert "Votre tranche d'âge" in questions
    assert main.find("li", string="Paris Pétition")
    assert main.has_attr("data-pagefind-body")


def test_a_closed_consultation_on_the_static_site_says_so(client):
    closed = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    soup = soup_of(client.get(closed.get_url_path(), **{EXPORT_ENVIRON_KEY: True}))
    main = soup.find("main")
    assert "Cette consultation est terminée" in main.get_text()
    assert not main.find("a", string="Répondre à la consultation sur le site de la Ville")
    assert main.find("h2", string="Les questions posées")


def test_the_results_page_is_in_the_guide_frame_and_its_tables_scroll_alone(client):
    closed = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=2),
        results_published=True,
    )
    soup = soup_of(client.get(f"{closed.get_url_path()}resultats/"))
    assert_guide_frame(soup, "Résultats")
    tables = soup.find("main").find_all("table")
    assert tables
    for table in tables:
        # Seven columns overflow a 320 px screen: the table scrolls in a focusable region.
        region = table.find_parent(class_="c-table-scroll")
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert region["aria-label"].startswith("Tableau des réponses : ")
