"""Editors' API (preview): an external tool with a token creates and edits drafts of
entries; nothing it does is published, and nothing works without a token."""

import json

from wagtail.models import APIToken

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import Entry

pytestmark = pytest.mark.django_db

URL = "/api/v3-preview/snippets/entries.Entry/"


@pytest.fixture
def token(django_user_model):
    editor = django_user_model.objects.create_superuser("redaction", "r@paris.fr", "x")
    _token, plaintext = APIToken.create_token(user=editor, name="outil externe")
    return plaintext


def send(client, method, url, token, body=None):
    return getattr(client, method)(
        url,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_token_client_creates_a_draft_that_stays_unpublished(client, token):
    response = send(
        client,
        "post",
        URL,
        token,
        {
            "kind": "tool",
            "title": "Nouvel outil",
            "slug": "nouvel-outil",
            "how": '<p>Texte <script>alert(1)</script><a href="https://paris.fr">lien</a></p>',
        },
    )
    assert response.status_code == 201, response.content
    entry = Entry.objects.get(slug="nouvel-outil")
    assert entry.latest_revision is not None and not entry.live
    assert "<script" not in entry.how
    # The public API does not show it.
    assert client.get("/api/v2/entries/?slug=nouvel-outil").json()["meta"]["total_count"] == 0


def test_a_token_client_saves_a_draft_of_a_live_entry(client, token):
    entry = EntryFactory(title="Titre publié")
    response = send(client, "patch", f"{URL}{entry.pk}/", token, {"title": "Titre proposé"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Titre proposé"
    assert Entry.objects.get(pk=entry.pk).has_unpublished_changes
    assert Entry.objects.get(pk=entry.pk).title == "Titre publié"
    public = client.get(f"/api/v2/entries/{entry.pk}/").json()
    assert public["title"] == "Titre publié"


def test_no_token_no_access(client, db):
    assert client.get(URL).status_code == 401
    assert send(client, "post", URL, "mauvais-jeton", {"kind": "tool"}).status_code == 401


def test_invalid_draft_is_refused(client, token):
    response = send(
        client, "post", URL, token, {"kind": "tool", "title": "x", "slug": "Pas Un Slug"}
    )
    assert response.status_code in (400, 422)
    assert not Entry.objects.filter(title="x").exists()
