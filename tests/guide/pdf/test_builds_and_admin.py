"""Cached builds, the public download URLs, the editions listing and the draft preview."""

from django.core.management import call_command

import pytest

from cms.entries.loading import load_guide
from cms.entries.models import Entry
from guide.models import PrintEdition, RunStatus
from guide.pdf import PdfOptions, get_or_build_pdf
from guide.pdf.build import edition_fingerprint

from .conftest import ensure_migrated_rows, normalise, pdf_pages_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def guide(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_migrated_rows()
    load_guide()


def text_of(path):
    return normalise(" ".join(pdf_pages_text(path)))


def test_pdf_is_rebuilt_only_when_published_content_changes(guide, tmp_path):
    out = tmp_path / "guide.pdf"
    call_command("build_pdf", out=str(out), edition="screen")
    assert out.read_bytes().startswith(b"%PDF")
    edition = PrintEdition.objects.get()
    assert edition.status == RunStatus.SUCCESS
    assert edition.fingerprint == edition_fingerprint(PdfOptions("screen"))
    assert edition.page_count > 20

    call_command("build_pdf", out=str(tmp_path / "again.pdf"), edition="screen")
    assert PrintEdition.objects.count() == 1, "unchanged content must reuse the cached PDF"

    entry = Entry.objects.get(slug="budget-participatif")
    entry.title = "Le Budget Participatif des Parisien·ne·s"
    entry.save_revision().publish()

    path = get_or_build_pdf(edition="screen")
    assert PrintEdition.objects.count() == 2
    assert "Le Budget Participatif des Parisien·ne·s" in text_of(path)
    assert "Le Budget Participatif des Parisien·ne·s" not in text_of(out)


def test_public_urls_serve_both_editions(guide, client):
    screen = client.get("/participez/guide.pdf")
    assert screen.status_code == 200
    assert screen["Content-Type"] == "application/pdf"
    assert b"".join(screen.streaming_content).startswith(b"%PDF")
    printed = client.get("/participez/guide-impression.pdf")
    assert printed.status_code == 200
    assert "impression" in printed["Content-Disposition"]
    assert PrintEdition.objects.count() == 2

    again = client.get("/participez/guide.pdf")
    assert again.status_code == 200
    assert PrintEdition.objects.count() == 2
    assert client.get("/participez/guide.pdf?arrondissement=21").status_code == 404


def test_editions_listing_shows_who_built_what(guide, admin_client, admin_user, tmp_path):
    get_or_build_pdf(edition="print", user=admin_user)
    edition = PrintEdition.objects.get()
    response = admin_client.get("/admin/guide/printedition/")
    assert response.status_code == 200
    page = response.content.decode()
    assert edition.fingerprint in page
    assert str(edition.page_count) in page
    assert admin_user.get_username() in page
    assert "Télécharger" in page
    download = admin_client.get(f"/admin/guide/pdf-editions/{edition.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert f"/admin/guide/pdf-editions/{edition.pk}/download/" in page


def test_editor_previews_a_draft_without_publishing_it(guide, admin_client, client):
    entry = Entry.objects.get(slug="carte-citoyenne")
    published_title = entry.title
    entry.title = "La Carte Citoyenne nouvelle formule"
    entry.save_revision()

    edit = admin_client.get(f"/admin/snippets/entries/entry/edit/{entry.pk}/")
    assert "Aperçu du guide PDF" in edit.content.decode()

    url = f"/admin/guide/pdf-preview/entry/{entry.pk}/"
    assert client.get(url).status_code == 302, "anonymous visitors are sent to the login"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    preview = pdf_from(response)
    assert "La Carte Citoyenne nouvelle formule" in preview
    assert "Aperçu d’un brouillon" in preview

    assert Entry.objects.get(pk=entry.pk).title == published_title
    assert not PrintEdition.objects.exists()


def pdf_from(response, folder=None):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "preview.pdf"
        path.write_bytes(b"".join(response.streaming_content))
        return text_of(path)
