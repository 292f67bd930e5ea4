"""The PDF, like the web pages, says when each entry was last checked and its edition."""

from .conftest import normalise, pdf_pages_text


def test_each_entry_says_when_it_was_checked(built_guide):
    text = normalise(" ".join(pdf_pages_text(built_guide.screen_pdf)))
    # Every shipped entry was checked for the 2017 edition.
    assert text.count("Mis à jour le 31 mars 2017") == len(built_guide.entry_titles)


def test_back_cover_gives_the_edition_date(built_guide):
    last_pages = normalise(" ".join(pdf_pages_text(built_guide.print_pdf)[-2:]))
    assert "31 mars 2017" in last_pages
