"""Residents report outdated or wrong information from any public page; editors find the
reports in their inbox in the admin."""

from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group

import pytest

from cms.entries.models import Entry
from cms.ops.groups import setup_groups
from cms.pages.models import ErrorReport

REPORT = "/signaler-une-erreur/"
PAGE = "http://127.0.0.1:8000/participez/outils/budget-participatif/"


def footer_report_link(html):
    start = html.index("Signaler une information périmée ou une erreur")
    href_start = html.rindex('href="', 0, start) + len('href="')
    return html[href_start : html.index('"', href_start)].replace("&amp;", "&")


def test_every_public_page_links_to_the_form_with_its_address(guide, site_client, settings):
    settings.BASE_URL = "https://participez.paris.fr"
    entry = Entry.objects.get(slug="budget-participatif")
    html = site_client.get(entry.get_url_path()).content.decode()
    link = footer_report_link(html)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"https://participez.paris.fr{REPORT}"
    assert parse_qs(parts.query)["page"] == [f"https://participez.paris.fr{entry.get_url_path()}"]


def test_static_site_links_to_the_live_form(guide, site_client, settings):
    settings.BASE_URL = "https://participez.paris.fr"
    settings.STATIC_SITE_URL = "https://guide.paris.fr"
    html = site_client.get("/participez/", **{"participez.static_export": True}).content.decode()
    link = footer_report_link(html)
    assert link.startswith("https://participez.paris.fr/signaler-une-erreur/?page=")
    assert parse_qs(urlsplit(link).query)["page"] == ["https://guide.paris.fr/participez/"]


def test_form_shows_the_page_and_stores_a_valid_report(guide, site_client):
    html = site_client.get(REPORT, {"page": PAGE}).content.decode()
    assert "Page concernée" in html and PAGE in html
    assert 'name="page_url"' in html and 'name="site_web"' in html

    response = site_client.post(
        REPORT,
        {"page_url": PAGE, "message": "Le numéro de téléphone ne répond plus.", "site_web": ""},
    )
    assert response.status_code == 302
    assert site_client.get(response["Location"]).content.decode().count("Merci pour votre")
    report = ErrorReport.objects.get()
    assert report.page_url == PAGE
    assert report.message == "Le numéro de téléphone ne répond plus."
    assert report.name == "" and report.email == "" and not report.handled


def test_invalid_report_is_refused_in_french_and_kept_in_the_form(guide, site_client):
    response = site_client.post(
        REPORT, {"page_url": PAGE, "message": "", "name": "Alex", "email": "alex@"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Il y a 2 problèmes" in html
    assert "Écrivez votre message : quelle information est périmée ou fausse\u00a0?" in html
    assert "Saisissez une adresse e-mail valide" in html
    assert 'value="Alex"' in html and PAGE in html
    assert not ErrorReport.objects.exists()


def test_honeypot_is_thanked_but_not_kept(guide, site_client):
    response = site_client.post(REPORT, {"message": "Achetez !", "site_web": "http://spam"})
    assert response.status_code == 302
    assert not ErrorReport.objects.exists()


def test_reports_are_rate_limited_per_address(guide, site_client, settings):
    settings.ERROR_REPORT_RATE_LIMIT = "2/600"
    for n in range(2):
        assert site_client.post(REPORT, {"message": f"Erreur {n}"}).status_code == 302
    response = site_client.post(REPORT, {"message": "Encore une"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "beaucoup de signalements en peu de temps" in html
    assert "Encore une" in html
    assert ErrorReport.objects.count() == 2


@pytest.fixture
def editor_client(client, django_user_model, guide):
    setup_groups()
    user = django_user_model.objects.create_user("redactrice", "r@example.invalid", "x")
    user.groups.add(Group.objects.get(name="Rédacteur·rice·s"))
    client.force_login(user)
    return client


def test_reports_land_in_the_editors_inbox(editor_client):
    report = ErrorReport.objects.create(
        page_url=PAGE, message="L'adresse du kiosque a changé.", email="alex@example.invalid"
    )
    html = editor_client.get("/admin/pages/errorreport/").content.decode()
    assert "Signalements" in html
    assert "L&#x27;adresse du kiosque a changé." in html or "L'adresse du kiosque" in html
    assert PAGE in html and "alex@example.invalid" in html
    html = editor_client.get(f"/admin/pages/errorreport/inspect/{report.pk}/").content.decode()
    assert "page concernée" in html and f'<a href="{PAGE}">' in html
    assert "Non, à traiter" in html

    response = editor_client.post(
        f"/admin/pages/errorreport/edit/{report.pk}/",
        {"handled": "on", "editor_note": "Adresse corrigée dans l'entrée."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled
    assert report.message == "L'adresse du kiosque a changé."
    assert editor_client.get("/admin/pages/errorreport/create/").status_code in (302, 403)
