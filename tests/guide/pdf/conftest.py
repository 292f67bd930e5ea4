"""The default guide rendered once per test session, in every edition the preflight reads.

Building is the slow part (about three seconds an edition), so the guide is loaded, the
PDFs written and what the tests compare them with collected inside one transaction that
is rolled back: other tests still start from an empty database.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass, field

from django.db import transaction

import pytest

from cms.entries.loading import load_guide
from cms.entries.models import GuideFrame
from cms.entries.published import guide_frame, guide_outline
from cms.entries.typography import typographie_texte
from guide.pdf import PdfOptions
from guide.pdf.render import render_editions

ARRONDISSEMENT = 18
# What the communications department enters before a print run (the shipped guide names
# no printer).
PRINTER = "Imprimé par Imprimerie Exemple, 75000 Paris"
# A second arrondissement edition: the print audit found the 12e the most wasteful.
OTHER_ARRONDISSEMENT = 12


@dataclass
class BuiltGuide:
    print_pdf: object
    screen_pdf: object
    arrondissement_pdf: object
    other_arrondissement_pdf: object
    outline: list = field(default_factory=list)
    section_titles: list = field(default_factory=list)
    entry_titles: list = field(default_factory=list)
    closing_title: str = ""
    fph_phones: dict = field(default_factory=dict)
    inclusive_words: set = field(default_factory=set)
    pattern_emails: list = field(default_factory=list)
    other_kiosque_emails: list = field(default_factory=list)


def run_tool(name, *args, check=True):
    """Run a poppler/qpdf tool found on PATH; its output as text."""
    return subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [shutil.which(name) or name, *map(str, args)], check=check, capture_output=True, text=True
    )


def pdf_pages_text(path, layout=False):
    """Text of each page, as poppler extracts it (one string per page)."""
    args = ["-enc", "UTF-8", *(["-layout"] if layout else [])]
    output = run_tool("pdftotext", *args, path, "-").stdout
    pages = output.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def ensure_migrated_rows():
    """Put back the Wagtail locale and root page that data migrations create.

    A transactional test elsewhere in the suite flushes every table when it ends, and
    pytest-django runs the tests that only use this module's session fixture after it.
    """
    from wagtail.models import Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="fr")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))


@pytest.fixture(scope="session")
def built_guide(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("guide-pdf")
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_migrated_rows()
        load_guide()
        GuideFrame.objects.update(printer_imprint=PRINTER)
        built = BuiltGuide(
            print_pdf=folder / "guide-impression.pdf",
            screen_pdf=folder / "guide.pdf",
            arrondissement_pdf=folder / f"guide-{ARRONDISSEMENT}e.pdf",
            other_arrondissement_pdf=folder / f"guide-{OTHER_ARRONDISSEMENT}e.pdf",
        )
        # One process, one content snapshot, stylesheets parsed once: as the builds after
        # an editor's change do.
        render_editions(
            [
                (PdfOptions(edition="print"), built.print_pdf),
                (PdfOptions(edition="screen"), built.screen_pdf),
                (
                    PdfOptions(edition="print", arrondissement=ARRONDISSEMENT, marks=True),
                    built.arrondissement_pdf,
                ),
                (
                    PdfOptions(edition="print", arrondissement=OTHER_ARRONDISSEMENT),
                    built.other_arrondissement_pdf,
                ),
            ]
        )
        for section, entries in guide_outline():
            # As printed: French typography applies at render (l'→l’).
            title = typographie_texte(section.title)
            built.section_titles.append(title)
            built.outline.append(
                (title, [typographie_texte(entry.display_name) for entry in entries])
            )
            for entry in entries:
                built.entry_titles.append(typographie_texte(entry.display_name))
                for row in entry.fph_funds.all():
                    built.fph_phones.setdefault(row.arrondissement, []).append(row.phone_display)
                for contact in entry.contacts.all():
                    if contact.is_pattern:
                        built.pattern_emails.append(contact.value)
                    elif contact.arrondissement and contact.arrondissement != ARRONDISSEMENT:
                        built.other_kiosque_emails.append(contact.value)
                for text in (entry.title, entry.for_whom, entry.why, entry.how):
                    built.inclusive_words.update(re.findall(r"\w+(?:·\w+)+", text or ""))
        built.closing_title = typographie_texte(guide_frame().closing_title)
        transaction.set_rollback(True)
    return built
