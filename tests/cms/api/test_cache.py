"""The shared API response cache stays bounded whatever URLs a client invents."""

from django.core.cache import cache

import pytest

from cms.entries.factories import EntryFactory

pytestmark = pytest.mark.django_db


def response_entries():
    return [key for key in cache._cache if ":api:response:" in key]


@pytest.fixture
def empty_cache(settings):
    # A memory cache whatever the run uses (Redis on CI), so its keys can be counted.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-cache-test",
        }
    }
    cache.clear()
    yield
    cache.clear()


def equivalent_urls():
    """300 spellings of the first page of entries."""
    urls = []
    for zeros in range(1, 101):
        urls.append(f"/api/v2/entries/?offset={'0' * zeros}")
        urls.append(f"/api/v2/entries/?limit={'0' * zeros}20")
        urls.append(f"/api/v2/entries/?limit=20&offset={'0' * zeros}")
    return urls


def test_equivalent_urls_share_one_entry_and_one_etag(client, empty_cache):
    EntryFactory()
    etags = set()
    for url in ["/api/v2/entries/", *equivalent_urls()]:
        response = client.get(url)
        assert response.status_code == 200, url
        etags.add(response["ETag"])
    assert len(etags) == 1
    assert len(response_entries()) == 1


def test_distinct_urls_stop_filling_the_cache_at_the_byte_budget(client, empty_cache, settings):
    EntryFactory()
    body = len(client.get("/api/v2/entries/?search=mot0").content)
    settings.API_RESPONSE_CACHE_MAX_BYTES = 20 * body
    for number in range(1, 300):
        assert client.get(f"/api/v2/entries/?search=mot{number}").status_code == 200
    assert 10 <= len(response_entries()) <= 20
    # The cap bounds what is stored, not what is served.
    assert client.get("/api/v2/entries/?search=mot299").status_code == 200


def test_oversized_bodies_and_errors_are_not_stored(client, empty_cache, settings):
    EntryFactory()
    settings.API_RESPONSE_CACHE_MAX_BODY = 10
    assert client.get("/api/v2/entries/").status_code == 200
    assert client.get("/api/v2/entries/?offset=abc").status_code == 400
    assert client.get("/api/v2/entries/99999/").status_code == 404
    assert response_entries() == []


def test_if_none_match_never_turns_an_error_into_a_304(client, db):
    missing = client.get("/api/v2/entries/99999/", HTTP_IF_NONE_MATCH="*")
    assert missing.status_code == 404
    bad = client.get("/api/v2/entries/?limit=-1")
    again = client.get("/api/v2/entries/?limit=-1", HTTP_IF_NONE_MATCH=bad["ETag"])
    assert again.status_code == 400
    assert client.get("/api/v2/entries/", HTTP_IF_NONE_MATCH="*").status_code == 304


def test_every_api_answer_carries_the_security_headers(client, db):
    first = client.get("/api/v2/entries/")
    responses = [
        first,
        client.get("/api/v2/entries/"),  # from the cache
        client.get("/api/v2/entries/", HTTP_IF_NONE_MATCH=first["ETag"]),
        client.get("/api/v2/entries/?limit=-1"),
        client.get("/api/v2/entries/99999/"),
        client.get("/api/v2/pages/?offset=abc"),
        client.get("/api/v2/nulle-part/"),
    ]
    for response in responses:
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        if response.status_code != 304:
            assert response["Content-Type"].startswith("application/json")


def test_a_deployment_that_changes_the_code_changes_every_etag(client, monkeypatch):
    from cms.api import caching

    EntryFactory()
    before = client.get("/api/v2/entries/")["ETag"]
    # A new release, as a new process sees it: same content, other code.
    monkeypatch.setattr(caching, "process_code_version", lambda: "next-release")
    monkeypatch.setitem(caching._state, "computed_generation", -1)
    after = client.get("/api/v2/entries/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
