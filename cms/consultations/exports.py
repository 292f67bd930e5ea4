"""CSV and XLSX exports of the answers, built for 100,000 rows: both stream row by row
from a server-side cursor, so the first bytes leave at once and memory stays flat.

Every text cell goes through `cell_text`, the last step before a writer sees it, so a
spreadsheet never runs an answer as a formula: first what the XLSX format cannot hold
(control characters) is removed, as the writer would, then the result is checked, looking
past leading blanks and invisible characters and through Unicode lookalikes of = + - @.
Checking before that cleanup is what once let `\x01=HYPERLINK(…)` through."""

import csv
import functools
import io
import re
import unicodedata
import zipfile
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils import timezone

from .blocks import AGE_BRACKET_LABELS
from .forms import describe_value
from .models import AnswerSource

FORMULA_TRIGGERS = frozenset("=+-@")
# The minus sign, which NFKC keeps apart from "-" but some spreadsheets read as one; the
# fullwidth and small forms (＝ ＋ － ＠ ﹦ …) are caught by NFKC.
LOOKALIKE_TRIGGERS = frozenset("\u2212")
SOURCE_LABELS = dict(AnswerSource.choices)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The control characters XML 1.0, hence XLSX, cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE,
# written out so that importing this module does not import openpyxl (see _package_parts).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _first_significant(value):
    """The first character a spreadsheet may act on, skipping blanks and invisible marks."""
    for char in value:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            continue
        return char
    return ""


def neutralise(value):
    """Prefix an apostrophe to text a spreadsheet could read as a formula (OWASP CSV
    injection), whatever blanks, control or invisible characters come before the sign."""
    if not isinstance(value, str) or not value:
        return value
    first = _first_significant(value)
    if not first:
        return value
    if (
        first in FORMULA_TRIGGERS
        or first in LOOKALIKE_TRIGGERS
        or unicodedata.normalize("NFKC", first)[:1] in FORMULA_TRIGGERS
        or value[0] in "\t\r\n"
    ):
        return "'" + value
    return value


def cell_text(value):
    """What every writer receives for a cell: cleaned as XLSX requires, then neutralised."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def export_columns(consultation):
    return [
        (question_id, value["label"])
        for question_id, block_type, value in consultation.question_list()
        if block_type not in ("email", "arrondissement", "age_bracket")
    ]


def header(consultation):
    return [
        "Numéro",
        "Reçue le (heure de Paris)",
        "Origine",
        "Réunion",
        "Arrondissement",
        "Tranche d'âge",
        *[label for _id, label in export_columns(consultation)],
        "Adresse électronique (avec consentement)",
        "Consentement donné le",
        "Réponses libres publiables",
    ]


def export_rows(consultation, answers):
    columns = [question_id for question_id, _label in export_columns(consultation)]
    fields = (
        "pk",
        "submitted_at",
        "source",
        "meeting_name",
        "arrondissement",
        "age_bracket",
        "data",
        "email",
        "email_consent",
        "consent_recorded_at",
        "publishable",
    )
    for row in answers.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        (
            pk,
            submitted,
            source,
            meeting,
            arrondissement,
            age,
            data,
            email,
            consent,
            consent_at,
            publishable,
        ) = row
        data = data or {}
        yield [
            pk,
            timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M:%S"),
            SOURCE_LABELS.get(source, source),
            cell_text(meeting),
            arrondissement or "",
            AGE_BRACKET_LABELS.get(age, age),
            *[cell_text(describe_value(data.get(question_id))) for question_id in columns],
            cell_text(email) if consent else "",
            timezone.localtime(consent_at).strftime("%Y-%m-%d %H:%M:%S") if consent_at else "",
            "oui" if publishable else "non",
        ]


def export_header(consultation):
    return [cell_text(label) for label in header(consultation)]


class _Echo:
    def write(self, value):
        return value


def csv_response(consultation, answers, filename):
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        # A byte-order mark so Excel opens the UTF-8 accents correctly.
        yield "\ufeff" + writer.writerow(export_header(consultation))
        for row in export_rows(consultation, answers):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# --- XLSX, streamed ---


class _Sink(io.RawIOBase):
    """An unseekable file the ZIP writer fills and the response drains between rows."""

    def __init__(self):
        self._chunks = []
        self._offset = 0

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self):
        return self._offset

    def drain(self):
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


@functools.lru_cache(maxsize=16)
def _package_parts(sheet_title):
    """Every part of the workbook but its rows, as openpyxl writes them: ((name, bytes), ...).

    Kept per process and title: the parts are the same for every export of a sheet title,
    and building them costs openpyxl's workbook save on each export otherwise."""
    # Imported here: openpyxl brings numpy, 35 MB of resident memory that every process
    # importing the admin (web workers, the PDF worker) would otherwise carry.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.create_sheet(sheet_title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return tuple((name, package.read(name)) for name in package.namelist())


def _xlsx_cell(value):
    if isinstance(value, bool):
        value = "oui" if value else "non"
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    if value in (None, ""):
        return "<c/>"
    # Always an inline string: a cell of this type is text, never a formula.
    return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _xlsx_row(values):
    return "<row>" + "".join(_xlsx_cell(value) for value in values) + "</row>"


def xlsx_chunks(header_row, rows, sheet_title="Réponses", rows_per_chunk=200):
    """The bytes of an XLSX file, produced as the rows come: the package parts from openpyxl,
    the sheet written row by row into a ZIP entry that leaves while it is being written."""
    sheet_name = "xl/worksheets/sheet1.xml"
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as package:
        with package.open(sheet_name, "w", force_zip64=True) as sheet:
            # The sheet's entry header leaves before the parts are built: in a process that
            # has not imported openpyxl yet, that import alone takes a second or more, and
            # the download would not start until it is done.
            yield sink.drain()
            parts = dict(_package_parts(sheet_title))
            head, _, tail = parts.pop(sheet_name).decode().partition("<sheetData></sheetData>")
            sheet.write((head + "<sheetData>" + _xlsx_row(header_row)).encode())
            batch = []
            for row in rows:
                batch.append(_xlsx_row(row))
                if len(batch) >= rows_per_chunk:
                    sheet.write("".join(batch).encode())
                    batch.clear()
                    data = sink.drain()
                    if data:
                        yield data
            sheet.write(("".join(batch) + "</sheetData>" + tail).encode())
        for name, data in parts.items():
            package.writestr(name, data)
    yield sink.drain()


def xlsx_response(consultation, answers, filename):
    chunks = xlsx_chunks(export_header(consultation), export_rows(consultation, answers))
    response = StreamingHttpResponse(chunks, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
