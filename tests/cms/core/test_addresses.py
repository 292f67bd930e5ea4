"""Absolute addresses: the serving host and port in development, BASE_URL in production."""

from django.core.cache import cache

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.entries.factories import EntryFactory
from cms.pages.loading import ensure_site_pages

pytestmark = pytest.mark.django_db


def html_url(client, entry, host):
    cache.clear()
    response = client.get(f"/api/v2/entries/{entry.pk}/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.json()["meta"]["html_url"]


@pytest.fixture
def guide_page():
    """An entry has a web address only under the guide page of the tree."""
    ensure_site_pages()


def test_in_development_links_follow_the_port_serving_the_request(client, settings, guide_page):
    settings.BASE_URL_FROM_REQUEST = True
    entry = EntryFactory()
    assert html_url(client, entry, "127.0.0.1:8004").startswith("http://127.0.0.1:8004/")
    assert html_url(client, entry, "localhost:8001").startswith("http://localhost:8001/")


def test_in_production_links_use_the_configured_address(client, settings, guide_page):
    settings.BASE_URL_FROM_REQUEST = False
    settings.BASE_URL = "https://participez.paris.fr"
    entry = EntryFactory()
    assert html_url(client, entry, "127.0.0.1:8004").startswith("https://participez.paris.fr/")


def test_the_embed_code_outside_a_request_uses_the_configured_address(settings):
    settings.BASE_URL_FROM_REQUEST = True
    settings.BASE_URL = "https://participez.paris.fr"
    consultation = ConsultationFactory()
    assert consultation.embed_url.startswith("https://participez.paris.fr/")
