"""The screen edition: no bleed, bookmarks, clickable links and sommaire, tagged."""

import pikepdf
from pypdf import PdfReader

from .conftest import normalise, pdf_pages_text


def outline_titles(path):
    reader = PdfReader(path)

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, normalise(item.title)

    return list(walk(reader.outline, 0))


def test_pages_have_no_bleed(built_guide):
    for page in PdfReader(built_guide.screen_pdf).pages:
        assert page.mediabox == page.trimbox


def test_every_section_and_entry_has_a_bookmark(built_guide):
    bookmarks = outline_titles(built_guide.screen_pdf)
    top_level = [title for depth, title in bookmarks if depth == 0]
    nested = [title for depth, title in bookmarks if depth == 1]
    for section in built_guide.section_titles:
        assert any(section in title for title in top_level), section
    for entry in built_guide.entry_titles:
        assert normalise(entry) in nested, entry


def test_links_and_sommaire_are_clickable(built_guide):
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        uris, internal = set(), 0
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    uris.add(str(action.URI))
                elif "/Dest" in annot or (action is not None and "/D" in action):
                    internal += 1
    assert any(uri.startswith("https://") and "cartecitoyenne" in uri for uri in uris)
    assert any(uri.startswith("mailto:") for uri in uris)
    assert any(uri.startswith("tel:") for uri in uris)
    # One per line of the sommaire at least: sections, entries and the closing page.
    assert internal >= len(built_guide.entry_titles) + len(built_guide.section_titles)


def test_is_tagged_for_accessibility(built_guide):
    with pikepdf.open(built_guide.screen_pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "fr"
        metadata = pdf.open_metadata()
        assert metadata.get("pdfuaid:part") == "1"
        assert "Participation citoyenne" in str(pdf.docinfo.get("/Title"))


def test_is_small(built_guide):
    assert built_guide.screen_pdf.stat().st_size < 600_000


def test_shows_the_same_entries_as_the_print_edition(built_guide):
    text = normalise(" ".join(pdf_pages_text(built_guide.screen_pdf)))
    for title in built_guide.entry_titles:
        assert normalise(title) in text
