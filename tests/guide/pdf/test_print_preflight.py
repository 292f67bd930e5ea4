"""The print edition passes what a print shop checks before accepting a file."""

import re
import shutil

import pikepdf
import pytest
from pypdf import PdfReader

from .conftest import normalise, pdf_pages_text, run_tool
from .preflight import rgb_uses

MM = 72 / 25.4

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("qpdf")),
    reason="poppler-utils and qpdf are needed (listed in .ci/apt-packages.txt)",
)


def boxes(path):
    reader = PdfReader(path)
    return [(page.mediabox, page.bleedbox, page.trimbox) for page in reader.pages]


def test_every_page_is_trimmed_to_a5_with_3_mm_of_bleed(built_guide):
    for media, bleed, trim in boxes(built_guide.print_pdf):
        assert float(trim.width) / MM == pytest.approx(148, abs=0.1)
        assert float(trim.height) / MM == pytest.approx(210, abs=0.1)
        for outer, inner in (
            (bleed.left, trim.left),
            (bleed.bottom, trim.bottom),
            (trim.right, bleed.right),
            (trim.top, bleed.top),
        ):
            assert (float(inner) - float(outer)) / MM == pytest.approx(3, abs=0.05)
        assert media == bleed


def test_cover_background_runs_into_the_bleed(built_guide, tmp_path):
    # Render page 1 with its bleed and look at the top-left corner, outside the trim.
    run_tool(
        "pdftoppm",
        "-r",
        "30",
        "-f",
        "1",
        "-l",
        "1",
        "-png",
        "-singlefile",
        built_guide.print_pdf,
        tmp_path / "cover",
    )
    from PIL import Image

    corner = Image.open(tmp_path / "cover.png").convert("RGB").getpixel((0, 0))
    assert sum(corner) < 3 * 120, "the navy cover stops at the trim, leaving white bleed"


def test_page_count_is_a_multiple_of_four(built_guide):
    assert len(PdfReader(built_guide.print_pdf).pages) % 4 == 0


def test_pages_after_the_closing_page_are_useful_ones(built_guide):
    pages = pdf_pages_text(built_guide.print_pdf)
    closing = max(i for i, text in enumerate(pages) if built_guide.closing_title in normalise(text))
    for text in pages[closing + 1 : -1]:
        assert normalise(text).startswith(("Donnez votre avis", "Mes contacts", "Notes"))


def test_every_font_is_embedded(built_guide):
    output = run_tool("pdffonts", built_guide.print_pdf).stdout
    rows = output.splitlines()[2:]
    assert rows, "no font at all: the text would be missing"
    for row in rows:
        # Columns: name, type (may hold spaces), encoding, emb, sub, uni, object, generation.
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
    assert all("Inter" in row for row in rows)


def test_no_rgb_anywhere_in_the_print_edition(built_guide):
    assert rgb_uses(built_guide.print_pdf) == []


def test_rgb_detector_does_see_the_screen_edition_colours(built_guide):
    # Guards the test above against passing because it looks at nothing.
    assert rgb_uses(built_guide.screen_pdf)


def test_pdfx4_output_intent_with_a_cmyk_profile(built_guide):
    with pikepdf.open(built_guide.print_pdf) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        assert intents[0].S == "/GTS_PDFX"
        # A registered condition a print shop's preflight recognises, not a profile name.
        assert str(intents[0].OutputConditionIdentifier) == "FOGRA39"
        assert str(intents[0].RegistryName) == "http://www.color.org"
        profile = intents[0].DestOutputProfile
        assert int(profile.N) == 4
        assert profile.read_bytes()[16:20] == b"CMYK"
        metadata = pdf.open_metadata()
        assert metadata.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        assert str(pdf.trailer.Info.get("/Trapped")) == "/False"


def test_qpdf_check_is_clean(built_guide):
    result = run_tool("qpdf", "--check", built_guide.print_pdf, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_every_entry_title_and_fph_phone_is_printed(built_guide):
    text = normalise(" ".join(pdf_pages_text(built_guide.print_pdf)))
    for title in built_guide.entry_titles:
        assert normalise(title) in text
    phones = [phone for numbers in built_guide.fph_phones.values() for phone in numbers]
    assert len(phones) == 12
    for phone in phones:
        assert phone in text


def sommaire_numbers(pages, titles):
    """{title: page number printed after it in the sommaire}."""
    start = next(i for i, page in enumerate(pages) if "Sommaire" in page)
    sommaire = normalise(" ".join(pages[start : start + 3]))
    numbers = {}
    for title in titles:
        match = re.search(re.escape(normalise(title)) + r"[\s.]*?(\d+)\b", sommaire)
        assert match, f"{title!r} missing from the sommaire"
        numbers[title] = int(match.group(1))
    return start, numbers


def first_page_with(pages, title, after):
    """1-based number of the first page after page `after` (1-based) showing `title`."""
    return next(
        number
        for number, page in enumerate(pages, start=1)
        if number > after and normalise(title) in normalise(page)
    )


@pytest.mark.parametrize("edition", ["print_pdf", "screen_pdf"])
def test_sommaire_page_numbers_point_at_the_headings(built_guide, edition):
    pages = pdf_pages_text(getattr(built_guide, edition))
    titles = [*built_guide.section_titles, *built_guide.entry_titles, built_guide.closing_title]
    start, numbers = sommaire_numbers(pages, titles)
    leaders = re.compile(r"(\. ?){5}")
    sommaire_end = (
        start + 1 + sum(1 for page in pages[start + 1 : start + 3] if leaders.search(page))
    )
    # Printed page numbers count from the cover: page n is the n-th page of the file.
    for section, entries in built_guide.outline:
        divider = first_page_with(pages, section, after=sommaire_end)
        assert numbers[section] == divider, f"{section!r}: sommaire says {numbers[section]}"
        for title in entries:
            # The divider lists its entries: the heading itself comes after it.
            heading = first_page_with(pages, title, after=divider)
            assert numbers[title] == heading, (
                f"{title!r}: sommaire says {numbers[title]}, heading on {heading}"
            )
    closing = built_guide.closing_title
    assert numbers[closing] == first_page_with(pages, closing, after=numbers[closing] - 1)
    assert normalise(closing) in normalise(pages[numbers[closing] - 1])


def test_no_line_breaks_inside_inclusive_words(built_guide):
    lines = [
        line.strip()
        for page in pdf_pages_text(built_guide.print_pdf)
        for line in page.splitlines()
        if line.strip()
    ]
    for line, following in zip(lines, lines[1:], strict=False):
        assert not line.endswith("·") and not following.startswith("·"), (line, following)
        if line.endswith("-"):
            # A hyphenated line end: the word it splits must not be an inclusive one.
            joined = line.split()[-1][:-1] + following.split()[0]
            assert "·" not in joined, (line, following)
    text = "\n".join(lines)
    assert built_guide.inclusive_words
    assert "Parisien·ne·s" in text


def test_running_headers_carry_the_section_name(built_guide):
    pages = pdf_pages_text(built_guide.print_pdf)
    for title in built_guide.section_titles:
        carrying = [page for page in pages if normalise(page).upper().startswith(title.upper())]
        assert carrying, f"no page is headed {title!r}"


def test_links_are_printed_as_readable_addresses(built_guide):
    text = normalise(" ".join(pdf_pages_text(built_guide.print_pdf)))
    assert "paris.fr/cartecitoyenne" in text
    assert "https://" not in text
    with pikepdf.open(built_guide.print_pdf) as pdf:
        # Paper has nothing to click; PDF/X forbids annotations on the printed area anyway.
        assert all("/Annots" not in page.obj for page in pdf.pages)


def test_patterned_email_is_explained_in_the_paris_edition(built_guide):
    text = normalise(" ".join(pdf_pages_text(built_guide.print_pdf)))
    for pattern in built_guide.pattern_emails:
        assert pattern in text
    assert "remplacer XX par le numéro de votre arrondissement" in text


def text_runs_with_colour(path):
    """(page, size in pt, CMYK fill) of every text show in the file's pages."""
    runs = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            stack, ctm, fill, size, tm_scale = [], 1.0, (0, 0, 0, 1), 0.0, 1.0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append((ctm, fill))
                elif op == "Q" and stack:
                    ctm, fill = stack.pop()
                elif op == "cm":
                    ctm *= abs(float(operands[3]))
                elif op in ("k", "sc", "scn") and len(operands) == 4:
                    fill = tuple(float(value) for value in operands)
                elif op == "Tf":
                    size = float(operands[1])
                elif op == "Tm":
                    tm_scale = abs(float(operands[3]))
                elif op in ("Tj", "TJ", "'", '"'):
                    runs.append((number, round(size * tm_scale * ctm, 1), fill))
    return runs


def test_small_text_is_one_ink_and_reversed_text_is_large(built_guide):
    runs = text_runs_with_colour(built_guide.print_pdf)
    assert runs
    for page, size, fill in runs:
        inks = [value for value in fill if value > 0.001]
        if size < 9:
            # Under 9 pt a second ink a hair off register blurs the letters.
            assert len(inks) <= 1, (page, size, fill)
            assert inks, f"white text at {size} pt on page {page}: too small to reverse"
