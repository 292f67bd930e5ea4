"""The admin's preview panel frames a draft rendered with the public page's policy, which
lets our own origin (and nobody else) frame it."""

import pytest

from cms.entries.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_a_preview_may_be_framed_by_the_admin_only(rf, admin_user):
    entry = EntryFactory(title="Conseil de quartier")
    entry.title = "Conseil de quartier (brouillon)"
    request = rf.get(f"/admin/snippets/entries/entry/preview/{entry.pk}/")
    request.user = admin_user

    # What Wagtail's preview view returns: the draft served through the middleware chain.
    response = entry.make_preview_request(request, entry.default_preview_mode)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    page = response.content.decode()
    assert "Aperçu — brouillon non publié" in page
    assert "Conseil de quartier (brouillon)" in page


def test_public_pages_still_refuse_every_frame(client):
    response = client.get("/participez/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
