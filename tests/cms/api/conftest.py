import pytest

from cms.api import caching
from cms.entries.loading import load_guide


@pytest.fixture(autouse=True)
def _fresh_api_state(settings):
    # The per-process memo of the content version must not leak between tests, and
    # tests change the database with update() (no signal) then read at once.
    settings.API_VERSION_TTL = 0
    caching.bump_generation()
    yield
    caching.bump_generation()


@pytest.fixture
def guide(db):
    load_guide()


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:500])
    return response.json()


def get_all(client, url):
    """Every item of a listing, following limit/offset as a real client would."""
    items, offset = [], 0
    separator = "&" if "?" in url else "?"
    while True:
        page = get_json(client, f"{url}{separator}limit=100&offset={offset}")
        items += page["items"]
        offset += 100
        if offset >= page["meta"]["total_count"]:
            return items
