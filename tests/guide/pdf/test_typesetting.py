"""What a print audit reads on the page: no wasted page, no broken word, type large
enough for every reader, French typography (Paris, 18e and 12e print editions)."""

import re
from collections import Counter

import pytest
from pypdf import PdfReader

from .conftest import pdf_pages_text

EDITIONS = ["print_pdf", "arrondissement_pdf", "other_arrondissement_pdf"]
HYPHENS = ("-", "\u2010")


def lines_of(path):
    return [
        line.strip() for page in pdf_pages_text(path) for line in page.splitlines() if line.strip()
    ]


def text_sizes(path):
    """{size in pt: characters set at that size}, as drawn (text matrix included)."""
    sizes = Counter()
    for page in PdfReader(path).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes[round(size * abs(tm[3]) * abs(cm[3]), 1)] += len(text.strip())

        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("edition", EDITIONS)
def test_page_count_is_a_multiple_of_four_with_at_most_one_page_without_text(built_guide, edition):
    pages = pdf_pages_text(getattr(built_guide, edition))
    assert len(pages) % 4 == 0
    without_text = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    assert len(without_text) <= 1, f"pages without text: {without_text}"


@pytest.mark.parametrize("edition", [*EDITIONS, "screen_pdf"])
def test_the_sommaire_never_spills_a_few_lines(built_guide, edition):
    pages = pdf_pages_text(getattr(built_guide, edition))
    start = next(i for i, page in enumerate(pages) if "Sommaire" in page)
    leaders = re.compile(r"(\. ?){5}")
    following = [line for line in pages[start + 1].splitlines() if leaders.search(line)]
    assert not following or len(following) >= 6, following


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_two_hyphenated_line_ends_in_a_row(built_guide, edition):
    # Also means no word over three lines: its middle line would end hyphenated too.
    lines = lines_of(getattr(built_guide, edition))
    for line, following in zip(lines, lines[1:], strict=False):
        assert not (line.endswith(HYPHENS) and following.endswith(HYPHENS)), (line, following)


@pytest.mark.parametrize("edition", EDITIONS)
def test_type_is_large_enough(built_guide, edition):
    sizes = text_sizes(getattr(built_guide, edition))
    body = sizes.most_common(1)[0][0]
    assert body >= 9.5
    assert min(sizes) >= 7, {size: count for size, count in sizes.items() if size < 7}


@pytest.mark.parametrize("edition", EDITIONS)
def test_french_typography_of_the_text(built_guide, edition):
    text = "\n".join(lines_of(getattr(built_guide, edition)))
    assert "'" not in text
    assert "..." not in text
    assert "18E" not in text
    assert "’" in text
    assert "«\u00a0" in text or "« " in text


def test_no_sommaire_line_holds_the_leader_alone(built_guide):
    # A long title keeps its last word with the dots and the page number.
    for path in (built_guide.print_pdf, built_guide.arrondissement_pdf):
        pages = pdf_pages_text(path)
        sommaire = next(page for page in pages if "Sommaire" in page)
        for line in sommaire.splitlines():
            assert not re.match(r"^\s*(\. ?)+\s*\d*\s*$", line), f"dots alone: {line!r}"
