"""The arrondissement's web page, its API item and its PDF edition name the same contacts.

For each of the 20 arrondissements, the e-mails, phone numbers (short numbers such as
the Carte citoyenne's 3975 included) and web addresses of the contacts are compared as
sets of links (mailto:, tel:, https:). The rule itself lives in
`cms.entries.presentation.arrondissement_contacts`.
"""

import pytest
from bs4 import BeautifulSoup

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS
from cms.pages.models import ParticipezPage
from guide.pdf.context import build_context
from guide.pdf.render import PdfOptions, render_html


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


def fill_in_mairie(number):
    from cms.entries.models import Arrondissement

    row = Arrondissement.objects.get(number=number)
    row.mairie_address = "1 place de l'Exemple\n75018 Paris"
    row.mairie_phone = "01 53 41 18 18"
    row.mairie_url = "https://mairie.example.org/18"
    row.save()


def test_the_mairie_editors_fill_in_shows_in_all_three_outputs(client, settings, guide):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    fill_in_mairie(18)

    web = web_contacts(client, guide, 18)
    assert "+33153411818" in web["phones"]
    assert "https://mairie.example.org/18" in web["web"]
    assert web == pdf_contacts(18) == api_contacts(client, 18)

    page = BeautifulSoup(client.get(f"{guide.url}arrondissements/18/").content, "html.parser")
    band = page.select_one("#votre-mairie").find_parent("section")
    assert "Mairie du 18e arrondissement" in band.get_text(" ", strip=True)
    # The address as the editor typed it, set in French typography as in the PDF.
    assert "1 place de l’Exemple, 75018 Paris" in band.get_text(" ", strip=True)

    mairie = client.get("/api/v2/arrondissements/18/").json()["mairie"]
    assert mairie["name"] == "Mairie du 18e arrondissement"
    assert mairie["address_lines"] == ["1 place de l’Exemple", "75018 Paris"]
    contacts = client.get("/api/v2/arrondissements/18/").json()["contacts"]
    address = next(c for c in contacts if c["kind"] == "address")
    # The web page's text; the stored value stays the editor's, links as stored.
    assert address["display_value"] == "1 place de l’Exemple, 75018 Paris"
    assert address["value"] == "1 place de l'Exemple, 75018 Paris"
    assert {c["display_value"] for c in contacts if c["href"].startswith("mailto:")} == {
        c["value"] for c in contacts if c["href"].startswith("mailto:")
    }

    html = BeautifulSoup(render_html(PdfOptions(edition="print", arrondissement=18)), "html.parser")
    office = html.select_one("#vos-contacts").get_text(" ", strip=True)
    assert "01 53 41 18 18" in office and "mairie.example.org/18" in office
    # Entries that said "contactez votre mairie d'arrondissement" now name it.
    assert "Contactez la mairie du 18" in html.select_one(".contacts .contact").get_text()
    assert "votre mairie d’arrondissement" not in html.select_one(".entries").get_text()


def test_a_mairie_left_empty_is_shown_nowhere(client, settings, guide):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    page = client.get(f"{guide.url}arrondissements/12/").content.decode()
    assert 'id="votre-mairie"' not in page
    assert client.get("/api/v2/arrondissements/12/").json()["mairie"] is None
    html = render_html(PdfOptions(edition="print", arrondissement=12))
    assert 'id="vos-contacts"' not in html
    assert "Contactez votre mairie d’arrondissement" in html


# --- French typography: the same text on the web page, in the API item and in the PDF ---

TYPED = "<p>L'assemblée du 18E arrondissement se réunit... et c'est ouvert à tou·te·s.</p>"
SET = "L’assemblée du 18e arrondissement se réunit… et c’est ouvert à tou·te·s."


def text_of(html):
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


@pytest.fixture
def typed_entry(guide):
    from cms.entries.models import Entry

    entry = Entry.objects.published().filter(title__contains="'").order_by("pk").first()
    assert entry is not None, "the guide has an entry whose title holds an apostrophe"
    entry.summary = TYPED
    entry.how = "<p>Inscrivez-vous auprès de l'équipe du 1er arrondissement...</p>"
    entry.save_revision().publish()
    return entry


def test_web_api_and_pdf_set_the_same_french_typography(client, settings, typed_entry):
    from cms.entries.models import Entry

    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    entry = typed_entry

    page = BeautifulSoup(client.get(entry.get_url_path()).content, "html.parser")
    web_title = " ".join(page.select_one("main h1").get_text().split())
    web_summary = " ".join(page.select_one(".entry__body p").get_text().split())

    item = client.get(f"/api/v2/entries/{entry.pk}/").json()
    context = build_context("screen")
    printed = next(
        item
        for section in context["sections"]
        for item in section.entries
        if item.entry.pk == entry.pk
    )

    # The same words, typographic apostrophes, ellipsis and lower-case ordinals everywhere.
    assert web_summary == text_of(item["summary"]) == text_of(printed.summary) == SET
    assert "’" in web_title and "'" not in web_title
    assert web_title == item["display_name"] == text_of(printed.title)
    assert "1er arrondissement…" in text_of(item["how"]) == text_of(printed.how)
    # On the web and in the PDF the ordinal is a superscript; the API's HTML carries it too.
    assert page.select_one(".entry__body p sup.ordinal").get_text() == "e"
    assert '18<sup class="ordinal">e</sup>' in item["summary"]

    # Editors keep their text: nothing of it is rewritten in the database.
    stored = Entry.objects.get(pk=entry.pk)
    assert stored.summary == TYPED
    assert "'" in stored.title and "’" not in stored.title


def test_api_keeps_addresses_and_slugs_as_stored(client, settings, typed_entry):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    item = client.get(f"/api/v2/entries/{typed_entry.pk}/").json()
    assert item["slug"] == typed_entry.slug
    for contact in item["contacts"]:
        assert contact["href"] == "" or "’" not in contact["href"]
    for link in item["links"]:
        assert "’" not in link["url"] and "…" not in link["url"]
