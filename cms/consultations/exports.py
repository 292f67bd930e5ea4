"""CSV and XLSX exports of the answers, built for 100,000 rows: the CSV streams row by
row from a server-side cursor, the XLSX uses openpyxl's write-only mode (constant memory)
into a temporary file. Every text cell goes through `neutralise` so a spreadsheet never
runs an answer as a formula."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .blocks import AGE_BRACKET_LABELS
from .forms import describe_value
from .models import AnswerSource

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SOURCE_LABELS = dict(AnswerSource.choices)


def neutralise(value):
    """Prefix an apostrophe to text a spreadsheet would read as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
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
            neutralise(meeting),
            arrondissement or "",
            AGE_BRACKET_LABELS.get(age, age),
            *[neutralise(describe_value(data.get(question_id))) for question_id in columns],
            neutralise(email) if consent else "",
            timezone.localtime(consent_at).strftime("%Y-%m-%d %H:%M:%S") if consent_at else "",
            "oui" if publishable else "non",
        ]


class _Echo:
    def write(self, value):
        return value


def csv_response(consultation, answers, filename):
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        # A byte-order mark so Excel opens the UTF-8 accents correctly.
        yield "\ufeff" + writer.writerow(header(consultation))
        for row in export_rows(consultation, answers):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(consultation, answers, filename):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Réponses")
    sheet.append(header(consultation))
    for row in export_rows(consultation, answers):
        # XLSX cannot hold control characters that a CSV carries fine: drop them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
