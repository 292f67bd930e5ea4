"""A long FPH table breaks between rows and repeats its header on every page."""

import pytest

from cms.entries.factories import EntryFactory, FphFundFactory
from cms.entries.models import EntryKind, Section
from guide.pdf import PdfOptions, render_pdf

from .conftest import normalise, pdf_pages_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_long_table_repeats_its_header_and_never_splits_a_row(tmp_path):
    Section.objects.create(kind=EntryKind.TOOL, number=2, title="Les outils", live=True)
    entry = EntryFactory(kind=EntryKind.TOOL, title="Les Fonds de Participation des Habitants")
    rows = []
    for index in range(45):
        number = 1 + index % 20
        phone = f"01 53 {index:02d} 99 53"
        # Long names wrap on two or three lines: a row split would show up here.
        association = f"Association numéro {index} des habitant·e·s et des ami·e·s du quartier"
        FphFundFactory(entry=entry, arrondissement=number, phone=phone, association=association)
        rows.append((phone, f"numéro {index} "))
    out = tmp_path / "fph.pdf"
    render_pdf(PdfOptions(edition="print"), out)

    pages = [normalise(page) for page in pdf_pages_text(out)]
    table_pages = [page for page in pages if "01 53 " in page]
    assert len(table_pages) >= 2, "the table should span pages for this test to mean anything"
    for page in table_pages:
        assert "Association" in page and "Téléphone" in page, "header not repeated"
    for phone, name in rows:
        holding_phone = [i for i, page in enumerate(pages) if phone in page]
        holding_name = [i for i, page in enumerate(pages) if name in page]
        assert holding_phone == holding_name, f"row {name!r} split across pages"
