"""Imposition order and the small text transformations of the print context."""

import pytest
from pypdf import PdfReader

from guide.pdf.context import highlight_figures, protect_inclusive
from guide.pdf.impose import booklet_order, impose_saddle_stitch

from .conftest import normalise, pdf_pages_text


def test_booklet_order_of_an_eight_page_booklet():
    # Sheet 1: 8|1 front, 2|7 back; sheet 2: 6|3 front, 4|5 back (1-based).
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    with pytest.raises(ValueError):
        booklet_order(6)


def test_imposed_proof_puts_back_and_front_cover_on_the_first_side(built_guide, tmp_path):
    proof = impose_saddle_stitch(built_guide.print_pdf, tmp_path / "proof.pdf")
    reader = PdfReader(proof)
    pages = len(PdfReader(built_guide.print_pdf).pages)
    assert len(reader.pages) == pages // 2
    first = reader.pages[0]
    assert (float(first.mediabox.width), float(first.mediabox.height)) == (842, 595)
    source = pdf_pages_text(built_guide.print_pdf)
    imposed = normalise(pdf_pages_text(proof)[0])
    assert normalise(source[0]).split()[0] in imposed
    assert normalise(source[-1]).split()[-1] in imposed


def test_inclusive_words_are_kept_whole_but_attributes_untouched():
    html = '<p title="les·des">Les Parisien·ne·s et <a href="/x·y">élu·e·s</a></p>'
    result = protect_inclusive(html)
    assert '<span class="nobr">Parisien·ne·s</span>' in result
    assert '<span class="nobr">élu·e·s</span>' in result
    assert 'title="les·des"' in result and 'href="/x·y"' in result


def test_key_figures_emphasise_numbers_not_entities():
    html = highlight_figures("+ de 15000 conseiller·ère·s d'arrondissement")
    assert '<strong class="num">15000</strong>' in html
    # The apostrophe is typographic (French typography at render) and no entity's
    # digits are taken for a figure.
    assert "d’arrondissement" in html and "&#x<strong" not in html


def test_hyphenated_inclusive_forms_are_kept_whole_but_compounds_still_break():
    result = protect_inclusive("Les Parisien-ne-s, tout-e-s invité-e-s, peut-être, vis-à-vis")
    for word in ("Parisien-ne-s", "tout-e-s", "invité-e-s"):
        assert f'<span class="nobr">{word}</span>' in result
    assert '<span class="nobr">peut-être' not in result
    assert '<span class="nobr">vis-à-vis' not in result


def test_french_punctuation_is_glued_to_its_word():
    result = protect_inclusive("<p>Pour qui ? « idee.paris » : voir</p>")
    assert "qui\u202f?" in result
    assert "«\u00a0idee.paris\u202f»" in result
    assert "\u202f:" in result


def test_renderer_fetches_nothing_outside_static(settings):
    from guide.pdf.render import asset_fetcher

    fetcher = asset_fetcher()
    css = (settings.BASE_DIR / "static" / "print" / "guide.css").as_uri()
    assert b"@font-face" in fetcher.fetch(css).read()
    for url in (
        "file:///etc/hostname",
        "http://example.org/x.png",
        css.replace("guide.css", "../../manage.py"),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
