"""Every malformed request to /api/v2/ gets a French JSON 4xx, never a server error."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
LONG_SEARCH = " ".join(f"mot{number}" for number in range(200))
MANY_WORDS = " ".join(["a"] * 100)

MALFORMED = [
    f"/api/v2/pages/?offset={HUGE}",
    f"/api/v2/images/?offset={HUGE}",
    f"/api/v2/documents/?offset={HUGE}",
    f"/api/v2/pages/?limit={HUGE}",
    "/api/v2/pages/?search=parc&search_operator=xor",
    "/api/v2/images/?search=parc&search_operator=xor",
    "/api/v2/documents/?search=parc&search_operator=xor",
    "/api/v2/entries/?search=parc&search_operator=xor",
    f"/api/v2/pages/?search={LONG_SEARCH}",
    f"/api/v2/images/?search={LONG_SEARCH}",
    f"/api/v2/entries/?search={LONG_SEARCH}",
    f"/api/v2/fph/?search={LONG_SEARCH}",
    "/api/v2/entries/?fields=",
    "/api/v2/pages/?fields=",
    "/api/v2/images/?fields=",
    "/api/v2/arrondissements/18/?fields=",
    f"/api/v2/pages/{HUGE}/",
    f"/api/v2/entries/{HUGE}/",
    "/api/v2/fph/?search_operator=and",
    "/api/v2/entries/?offset=-0x1",
]


@pytest.mark.parametrize("url", MALFORMED)
def test_malformed_requests_get_a_json_4xx(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v2/entries/?search={MANY_WORDS}",
        f"/api/v2/pages/?search={MANY_WORDS}&search_operator=or",
        f"/api/v2/pages/?child_of={HUGE}",
        f"/api/v2/pages/?offset={2**63 - 1}",
        f"/api/v2/entries/?offset={2**63 - 1}",
    ],
)
def test_edge_values_within_the_document_get_an_empty_200(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response.json()["items"] == []
