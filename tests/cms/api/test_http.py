"""HTTP behaviour a client relies on: validators, 304, CORS, French 400s, the limit cap."""

from django.test import override_settings

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import Entry

from .conftest import get_json

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v2/entries/",
    "/api/v2/fph/",
    "/api/v2/arrondissements/",
    "/api/v2/pages/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/consultations/",
    "/api/v2/openapi.json",
]


def test_every_endpoint_sends_etag_cache_control_and_answers_304(client, guide):
    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public, max-age=")
        etag = response["ETag"]
        assert etag.startswith('W/"')

        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag


def test_publishing_changes_the_etag(client, guide):
    url = "/api/v2/entries/?fields=title"
    etag = client.get(url)["ETag"]
    entry = Entry.objects.get(slug="budget-participatif")
    entry.title = "Le Budget Participatif de Paris"
    entry.save_revision().publish()

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Le Budget Participatif de Paris" in response.content.decode()
    assert response["ETag"] != etag


def test_different_queries_have_different_etags(client, db):
    assert (
        client.get("/api/v2/entries/?limit=1")["ETag"]
        != client.get("/api/v2/entries/?limit=2")["ETag"]
    )


@override_settings(CORS_ALLOWED_ORIGINS=["https://www.mairie18.paris.fr"])
def test_cors_only_for_listed_origins(client, db):
    allowed = client.get("/api/v2/entries/", HTTP_ORIGIN="https://www.mairie18.paris.fr")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.mairie18.paris.fr"
    other = client.get("/api/v2/entries/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v2/entries/",
        HTTP_ORIGIN="https://www.mairie18.paris.fr",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://www.mairie18.paris.fr"
    admin = client.get("/admin/login/", HTTP_ORIGIN="https://www.mairie18.paris.fr")
    assert "Access-Control-Allow-Origin" not in admin


BAD_REQUESTS = [
    "/api/v2/entries/?kind=forum",
    "/api/v2/entries/?audience=martiens",
    "/api/v2/entries/?action=dormir",
    "/api/v2/entries/?limit=-1",
    "/api/v2/entries/?limit=101",
    "/api/v2/entries/?arrondissement=99",
    "/api/v2/entries/?arrondissement=dix",
    "/api/v2/entries/?offset=abc",
    "/api/v2/entries/?fields=secret",
    "/api/v2/entries/?fields=contacts(value)",
    "/api/v2/entries/?order=popularity",
    "/api/v2/entries/?couleur=bleu",
    "/api/v2/entries/?search=a%00b",
    "/api/v2/fph/?arrondissement=0",
    "/api/v2/fph/?fund=XYZ",
    "/api/v2/arrondissements/?order=nom",
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?offset=abc",
    "/api/v2/pages/?fields=nope",
    "/api/v2/pages/?order=nope",
    "/api/v2/pages/?child_of=abc",
    "/api/v2/pages/?descendant_of=1",
    "/api/v2/pages/?type=nope.Nope",
    "/api/v2/pages/?first_published_at=hier",
    "/api/v2/images/?limit=1000",
    "/api/v2/documents/?offset=-3",
    "/api/v2/consultations/?state=demain",
]


def test_bad_parameters_get_a_french_400(client, db):
    for url in BAD_REQUESTS:
        response = client.get(url)
        assert response.status_code == 400, url
        message = response.json()["message"]
        # Translated, not passed on in English.
        assert message and not message.startswith("Requête invalide ("), message


def test_limit_is_capped_at_100_and_documented(client, db):
    for _ in range(3):
        EntryFactory()
    assert len(get_json(client, "/api/v2/entries/?limit=100")["items"]) == 3
    assert "100 au plus" in client.get("/api/v2/openapi.json").content.decode()


def test_unknown_item_is_a_french_404(client, db):
    for url in ["/api/v2/entries/99999/", "/api/v2/arrondissements/21/", "/api/v2/fph/99999/"]:
        assert get_json(client, url, status=404)["message"].startswith("Introuvable")


def test_the_api_is_read_only(client, db):
    response = client.post("/api/v2/entries/", {"title": "x"})
    assert response.status_code == 405
    assert "lecture seule" in response.json()["message"]


def test_the_304_path_renders_nothing_and_queries_nothing(client, guide, settings):
    settings.API_VERSION_TTL = 60
    url = "/api/v2/entries/?fields=*&limit=100"
    etag = client.get(url)["ETag"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(queries) == 0


def test_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v2/nimporte-quoi/")
    assert response.status_code == 404
    assert "openapi.json" in response.json()["message"]
