"""The printer's imprint (loi du 29 juillet 1881, art. 2) comes from the guide frame; while
it is empty the back cover prints no placeholder and every place that builds the print
edition says, in French, that it is missing."""

from io import StringIO

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from cms.entries.loading import load_guide
from cms.entries.models import GuideFrame
from guide.management.commands import build_pdf
from guide.pdf.render import PdfOptions, render_html

from .conftest import ensure_migrated_rows

pytestmark = pytest.mark.django_db

PRINTER = "Imprimé par Imprimerie Exemple, 1 rue de l’Exemple, 75000 Paris"


@pytest.fixture
def guide(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_migrated_rows()
    load_guide()
    return GuideFrame.objects.get()


def back_cover(arrondissement=None):
    html = render_html(PdfOptions(edition="print", arrondissement=arrondissement))
    return BeautifulSoup(html, "html.parser").select_one(".back-cover")


def test_the_shipped_guide_names_no_printer_and_prints_no_placeholder(guide):
    assert guide.printer_imprint == ""
    back = back_cover()
    assert back.select_one(".printer") is None
    assert "compléter" not in back.get_text()
    assert "Dépôt légal" in back.get_text()


def test_the_back_cover_prints_the_frame_s_imprint_deposit_and_date(guide):
    guide.printer_imprint = PRINTER
    guide.legal_deposit = "Dépôt légal : décembre 2026"
    guide.save()
    for arrondissement in (None, 18):
        text = back_cover(arrondissement).get_text(" ", strip=True)
        assert "Imprimerie Exemple" in text
        assert "décembre 2026" in text
        assert "31 mars 2017" in text  # edition_date


def test_build_pdf_says_the_imprint_is_missing(guide, monkeypatch, tmp_path):
    built = tmp_path / "built.pdf"
    built.write_bytes(b"%PDF-1.7\n")
    monkeypatch.setattr(build_pdf, "get_or_build_pdf", lambda **options: built)
    out = StringIO()
    call_command("build_pdf", out=str(tmp_path / "guide.pdf"), edition="print", stdout=out)
    assert "Attention : Imprimeur non renseigné" in out.getvalue()
    assert "loi du 29 juillet 1881" in out.getvalue()

    guide.printer_imprint = PRINTER
    guide.save()
    out = StringIO()
    call_command("build_pdf", out=str(tmp_path / "guide.pdf"), edition="print", stdout=out)
    assert "Imprimeur" not in out.getvalue()


def test_the_editions_screen_says_the_imprint_is_missing(guide, admin_client):
    page = admin_client.get("/admin/guide/printedition/").content.decode()
    assert "Imprimeur non renseigné" in page
    guide.printer_imprint = PRINTER
    guide.save()
    page = admin_client.get("/admin/guide/printedition/").content.decode()
    assert "Imprimeur non renseigné" not in page
