"""Renaming the guide page in the admin moves every public link with it."""

import pytest
from bs4 import BeautifulSoup

from cms.pages.models import ParticipezPage
from cms.pages.views import public_paths
from guide.pdf.render import PdfOptions, render_html

pytestmark = pytest.mark.django_db

OLD = "/participez/"
NEW = "/guide-participation/"
# Served by Django URLs rather than by the guide page: consultations and the PDF downloads.
NOT_IN_THE_PAGE_TREE = ("/participez/consultations/", "/participez/guide")


@pytest.fixture
def renamed(guide):
    page = ParticipezPage.objects.get()
    page.slug = NEW.strip("/")
    page.save_revision().publish()
    return ParticipezPage.objects.get()


def hrefs(html):
    soup = BeautifulSoup(html, "html.parser")
    links = [a["href"] for a in soup.find_all("a", href=True)]
    links += [form["action"] for form in soup.find_all("form", action=True)]
    return links


def stale(links):
    return [
        link
        for link in links
        if OLD in link and not any(kept in link for kept in NOT_IN_THE_PAGE_TREE)
    ]


def test_renaming_the_guide_page_moves_pages_sitemap_api_and_pdf(renamed, site_client):
    assert renamed.url == NEW
    paths = public_paths()
    assert NEW in paths
    assert f"{NEW}arrondissements/18/" in paths
    assert not stale(paths)

    for path in [NEW, f"{NEW}arrondissements/18/", f"{NEW}outils/budget-participatif/", "/"]:
        response = site_client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not stale(hrefs(html)), path
        assert f'data-search-index="{NEW}recherche/index.json"' in html
    assert site_client.get(f"{NEW}recherche/index.json", HTTP_HOST="localhost").status_code == 200
    assert site_client.get(f"{OLD}acteurs/", HTTP_HOST="localhost").status_code == 404

    sitemap = site_client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    locations = [loc.text for loc in BeautifulSoup(sitemap, "html.parser").find_all("loc")]
    assert any(f"{NEW}arrondissements/18/" in loc for loc in locations)
    assert not stale(locations)

    entries = site_client.get("/api/v2/entries/?limit=100", HTTP_HOST="localhost").json()
    html_urls = [item["meta"]["html_url"] for item in entries["items"]]
    assert html_urls and all(NEW in url for url in html_urls)

    pdf_html = render_html(PdfOptions(edition="screen"))
    assert not stale(hrefs(pdf_html))


def test_api_arrondissement_and_fph_links_follow_the_guide_page(renamed, site_client):
    item = site_client.get("/api/v2/arrondissements/18/", HTTP_HOST="localhost").json()
    assert item["meta"]["html_url"].endswith(f"{NEW}arrondissements/18/")
    funds = site_client.get("/api/v2/fph/", HTTP_HOST="localhost").json()["items"]
    assert funds and all(NEW in fund["meta"]["html_url"] for fund in funds)
