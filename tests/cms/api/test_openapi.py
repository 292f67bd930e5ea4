"""The OpenAPI document is true: real responses of every endpoint validate against it, and
schemathesis, fuzzing every operation, finds no server error and no undocumented answer."""

from django.core.wsgi import get_wsgi_application

from wagtail.models import Page

import pytest
import schemathesis
import wagtail_factories
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from jsonschema import Draft202012Validator
from schemathesis.generation import GenerationMode

from cms.consultations.factories import ConsultationFactory

from .conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_and_pages(db):
    root = Page.objects.get(depth=1)
    home = root.add_child(instance=Page(title="Accueil", slug="accueil-openapi"))
    home.add_child(instance=Page(title="Mentions légales", slug="mentions"))
    wagtail_factories.ImageFactory(title="Kiosque citoyen")
    wagtail_factories.DocumentFactory(title="Guide imprimable")
    ConsultationFactory(title="Votre avis sur le guide")


def validator(document, schema):
    return Draft202012Validator({**schema, "components": document["components"]})


def response_schema(document, path, status="200"):
    responses = document["paths"][path]["get"]["responses"]
    return responses[status]["content"]["application/json"]["schema"]


def test_document_is_openapi_31_with_valid_json_schemas(client, guide):
    document = get_json(client, "/api/v2/openapi.json")
    assert document["openapi"] == "3.1.0"
    for name, schema in document["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema), name
    for path in [
        "entries",
        "fph",
        "arrondissements",
        "pages",
        "images",
        "documents",
        "consultations",
    ]:
        assert f"/api/v2/{path}/" in document["paths"]
        assert f"/api/v2/{path}/{{id}}/" in document["paths"]


def test_real_responses_validate_against_the_document(client, guide, media_and_pages):
    document = get_json(client, "/api/v2/openapi.json")
    checked = 0
    for path, item in document["paths"].items():
        parameters = item["get"]["parameters"]
        if "{id}" in path or path.endswith(".json") or path == "/api/v2/guide/":
            continue
        listing_schema = response_schema(document, path)
        detail_path = path + "{id}/"
        for query in ["", "?fields=*&limit=100", "?fields=_", "?fields=-title"]:
            response = client.get(path + query)
            if response.status_code == 400:  # -title on an endpoint without title
                validator(document, response_schema(document, path, "400")).validate(
                    response.json()
                )
                continue
            body = response.json()
            validator(document, listing_schema).validate(body)
            checked += 1
        items = client.get(path + "?limit=100").json()["items"]
        assert items, f"{path} has nothing to check"
        if detail_path in document["paths"]:
            detail_schema = response_schema(document, detail_path)
            for listed in items[:5]:
                detail = get_json(client, detail_path.replace("{id}", str(listed["id"])))
                validator(document, detail_schema).validate(detail)
                checked += 1
        names = {p["name"] for p in parameters}
        if "arrondissement" in names:
            body = get_json(client, path + "?arrondissement=18&fields=*")
            validator(document, listing_schema).validate(body)
        error = client.get(path + "?limit=-1")
        assert error.status_code == 400
        validator(document, response_schema(document, path, "400")).validate(error.json())
    assert checked > 30


def test_full_entry_validates_with_patterned_contacts_and_funds(client, guide):
    document = get_json(client, "/api/v2/openapi.json")
    entries = get_json(client, "/api/v2/entries/?fields=*&limit=100")
    validator(document, response_schema(document, "/api/v2/entries/")).validate(entries)
    patterned = [c for e in entries["items"] for c in e["contacts"] if c["is_pattern"]]
    assert patterned and all(c["resolved"] for c in patterned)
    assert any(e["fph_funds"] for e in entries["items"])


@pytest.fixture
def wsgi_app_in_test_transaction():
    """The WSGI handler, minus the connection closing that would end the test's
    transaction (on PostgreSQL); Django's test Client does the same."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_nothing_outside_the_schema(
    media_and_pages, wsgi_app_in_test_transaction
):
    from cms.entries.factories import EntryContactFactory, EntryFactory, FphFundFactory

    entry = EntryFactory(citywide=True)
    EntryContactFactory(entry=entry, kind="email_pattern", value="conseilcitoyenXX@gmail.com")
    FphFundFactory(entry=entry)
    schema = schemathesis.openapi.from_wsgi("/api/v2/openapi.json", wsgi_app_in_test_transaction)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert "GET /api/v2/consultations/{id}/" in labels, labels
    assert len(operations) >= 14, labels

    # Every built-in check, on data the document allows and on data it forbids (which
    # must get a 4xx); derandomize fixes the seed, so a failure reproduces.
    statuses = {mode: [] for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)}
    for operation in operations:
        for mode, seen in statuses.items():
            seen += fuzz(operation, mode)
    assert 200 in statuses[GenerationMode.POSITIVE]
    assert 400 in statuses[GenerationMode.NEGATIVE]
    assert all(status < 500 for status in statuses[GenerationMode.NEGATIVE])


def fuzz(operation, mode, examples=6):
    """The status codes of `examples` calls; the first failed check raises."""
    seen = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        seen.append(case.call_and_validate().status_code)

    try:
        run()
    except Unsatisfiable:
        # An operation whose parameters admit any value has no invalid request to send.
        if mode != GenerationMode.NEGATIVE:
            raise
    return seen
