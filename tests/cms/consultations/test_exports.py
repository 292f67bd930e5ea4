"""Exports no spreadsheet can execute, whatever the resident typed before the formula, and
an XLSX that starts leaving the server before the last answer is read."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from cms.consultations import exports
from cms.consultations.exports import cell_text, xlsx_chunks

from .test_admin import admin_client, make_answer  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

DANGEROUS = {
    "control-soh": '\x01=HYPERLINK("http://example.invalid","x")',
    "control-so": "\x0e=1+1",
    "control-us": "\x1f+1+1",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
    "newline": "\n=1+1",
    "spaces": "   =1+1",
    "no-break-space": "\u00a0=1+1",
    "ideographic-space": "\u3000=1+1",
    "zero-width-space": "\u200b=1+1",
    "byte-order-mark": "\ufeff@SUM(A1)",
    "fullwidth-equals": "\uff1d1+1",
    "small-equals": "\ufe661+1",
    "fullwidth-plus": "\uff0b1+1",
    "fullwidth-minus": "\uff0d1+1",
    "fullwidth-at": "\uff20SUM(A1)",
    "minus-sign": "\u22121+1",
    "control-then-space": "\x02 -1+1",
}
HARMLESS = ["Bonjour", "« Oui » — merci", "1er arrondissement", "'déjà cité"]


@pytest.mark.parametrize("value", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_every_formula_start_is_neutralised_after_the_cleanup(value):
    cell = cell_text(value)
    assert cell.startswith("'")
    # What the XLSX format cannot hold is gone before the check, not after it.
    assert not any(ord(char) < 32 and char not in "\t\r\n" for char in cell)


@pytest.mark.parametrize("value", HARMLESS)
def test_ordinary_text_is_left_alone(value):
    assert cell_text(value) == value


def export(admin_client, consultation, kind):  # noqa: F811
    response = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/export.{kind}")
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.fixture
def dangerous_answers(consultation):
    for value in DANGEROUS.values():
        make_answer(consultation, data={"proposition": value, "commentaires": value})
    return consultation


def test_csv_cells_never_start_a_formula(admin_client, dangerous_answers):  # noqa: F811
    text = export(admin_client, dangerous_answers, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    column = rows[0].index("Votre proposition")
    cells = [row[column] for row in rows[1:]]
    assert len(cells) == len(DANGEROUS)
    assert all(cell.startswith("'") for cell in cells), cells


def test_xlsx_cells_are_text_and_never_start_a_formula(admin_client, dangerous_answers):  # noqa: F811
    data = export(admin_client, dangerous_answers, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook.active.iter_rows())
    header = [cell.value for cell in rows[0]]
    for column in ("Votre proposition", "Vos commentaires"):
        index = header.index(column)
        cells = [row[index] for row in rows[1:]]
        assert len(cells) == len(DANGEROUS)
        for cell in cells:
            assert cell.data_type == "s"
            assert cell.value.startswith("'"), repr(cell.value)


def test_xlsx_export_opens_with_every_column(admin_client, consultation):  # noqa: F811
    make_answer(consultation, data={"outils": ["Budget Participatif", "Paris Pétition"]})
    workbook = load_workbook(io.BytesIO(export(admin_client, consultation, "xlsx")))
    header, row = list(workbook.active.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    assert values["Quels outils connaissez-vous ?"] == "Budget Participatif ; Paris Pétition"
    assert values["Arrondissement"] == 14
    assert values["Réponses libres publiables"] == "non"


def test_xlsx_sends_its_first_bytes_before_reading_every_answer():
    read = []

    def rows():
        for number in range(100_000):
            read.append(number)
            yield [number, "texte"]

    chunks = xlsx_chunks(["Numéro", "Texte"], rows())
    first = next(chunks)
    assert first.startswith(b"PK")
    assert read == []
    # Then the file keeps leaving as the rows are read (the compressor holds only a window).
    read_at_each_chunk = [len(read) for _chunk in chunks]
    assert len([count for count in read_at_each_chunk if count < 50_000]) >= 2


def test_xlsx_download_starts_before_openpyxl_builds_the_workbook(monkeypatch):
    # A process that has not imported openpyxl yet takes a second or more to do it: the
    # resident's download must not wait for it.
    built = []
    real = exports._package_parts

    def package_parts(title):
        built.append(title)
        return real(title)

    monkeypatch.setattr(exports, "_package_parts", package_parts)
    chunks = xlsx_chunks(["Numéro"], ([n] for n in range(10)))
    first = next(chunks)
    assert first.startswith(b"PK\x03\x04")
    assert built == []
    content = first + b"".join(chunks)
    assert built == ["Réponses"]
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows == [("Numéro",), *((n,) for n in range(10))]
    # The parts are the same bytes for every export: built once per process and title.
    assert real("Réponses") is real("Réponses")
