"""The arrondissement's web page, its API item and its PDF edition name the same contacts.

For each of the 20 arrondissements, the e-mails, phone numbers (short numbers such as
the Carte citoyenne's 3975 included) and web addresses of the contacts are compared as
sets of links (mailto:, tel:, https:). The rule itself lives in
`cms.entries.presentation.arrondissement_contacts`.
"""

from django.db import transaction

import pytest
from bs4 import BeautifulSoup

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS
from cms.entries.loading import load_guide
from cms.pages.models import ParticipezPage
from guide.pdf.render import PdfOptions, render_html


@pytest.fixture(scope="module")
def guide_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def guide(guide_module, db):
    return ParticipezPage.objects.live().get()


def split(hrefs):
    """{"emails": {...}, "phones": {...}, "web": {...}} from a list of links."""
    hrefs = [h.strip() for h in hrefs if h and h.strip()]
    return {
        "emails": {h.removeprefix("mailto:").lower() for h in hrefs if h.startswith("mailto:")},
        "phones": {h.removeprefix("tel:") for h in hrefs if h.startswith("tel:")},
        "web": {h.rstrip("/") for h in hrefs if h.startswith(("http://", "https://"))},
    }


def web_contacts(client, guide, number):
    response = client.get(f"{guide.url}arrondissements/{number}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return split(a["href"] for a in soup.select("main .contact-list a[href]"))


def api_contacts(client, number):
    response = client.get(f"/api/v2/arrondissements/{number}/")
    assert response.status_code == 200
    return split(contact["href"] for contact in response.json()["contacts"])


def pdf_contacts(number):
    # The HTML WeasyPrint turns into the arrondissement's screen edition (links clickable).
    html = render_html(PdfOptions(edition="screen", arrondissement=number))
    soup = BeautifulSoup(html, "html.parser")
    return split(a["href"] for a in soup.select(".contact a[href]"))


@pytest.mark.parametrize("number", ARRONDISSEMENT_NUMBERS)
def test_web_page_and_pdf_edition_show_the_same_contacts(client, settings, guide, number):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    web = web_contacts(client, guide, number)
    assert web == pdf_contacts(number)
    assert "3975" in web["phones"]
    if number == 18:  # a conseil citoyen's patterned address, resolved
        assert "conseilcitoyen18@gmail.com" in web["emails"]


@pytest.mark.parametrize("number", ARRONDISSEMENT_NUMBERS)
def test_api_item_shows_the_contacts_of_the_web_page(client, settings, guide, number):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    assert api_contacts(client, number) == web_contacts(client, guide, number)
