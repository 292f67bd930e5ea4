"""A mairie d'arrondissement's own print run: its funds, its addresses, with crop marks."""

from pypdf import PdfReader

from .conftest import ARRONDISSEMENT, PRINTER, normalise, pdf_pages_text
from .preflight import rgb_uses

MM = 72 / 25.4


def text_of(path):
    return normalise(" ".join(pdf_pages_text(path)))


def test_only_the_funds_of_the_arrondissement_are_listed(built_guide):
    text = text_of(built_guide.arrondissement_pdf)
    own = built_guide.fph_phones[ARRONDISSEMENT]
    assert own
    for phone in own:
        assert phone in text
    others = [
        phone
        for number, phones in built_guide.fph_phones.items()
        if number != ARRONDISSEMENT
        for phone in phones
        if phone not in own
    ]
    assert others
    for phone in others:
        assert phone not in text


def test_patterned_emails_are_resolved(built_guide):
    text = text_of(built_guide.arrondissement_pdf)
    for pattern in built_guide.pattern_emails:
        assert pattern.replace("XX", f"{ARRONDISSEMENT:02d}") in text
        assert pattern not in text
    assert "remplacer XX" not in text


def test_contacts_of_other_arrondissements_are_left_out(built_guide):
    text = text_of(built_guide.arrondissement_pdf)
    assert built_guide.other_kiosque_emails
    for email in built_guide.other_kiosque_emails:
        assert email not in text


def test_cover_names_the_arrondissement(built_guide):
    cover = normalise(pdf_pages_text(built_guide.arrondissement_pdf)[0])
    assert f"Édition du {ARRONDISSEMENT}e arrondissement" in cover


def test_crop_marks_sit_outside_the_bleed_and_stay_cmyk(built_guide):
    reader = PdfReader(built_guide.arrondissement_pdf)
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        media, bleed = page.mediabox, page.bleedbox
        assert (float(bleed.left) - float(media.left)) / MM >= 9.9
        assert (float(media.top) - float(bleed.top)) / MM >= 9.9
        marks = page.get_contents().get_data().split(b"\n")
        assert b"1 1 1 1 K" in marks
    assert rgb_uses(built_guide.arrondissement_pdf) == []


def test_entries_whose_arrondissements_are_examples_are_kept(built_guide):
    # The Conseil des enfants runs "à titre d'exemple" in the 4e, 10e and 11e: the 18e's
    # readers may have one too, and learn how to ask.
    text = text_of(built_guide.arrondissement_pdf)
    assert "Le Conseil des enfants" in text
    assert "Dans certains arrondissements" in text


def test_back_cover_names_the_printer_and_the_legal_deposit(built_guide):
    for path in (built_guide.print_pdf, built_guide.arrondissement_pdf):
        back = normalise(pdf_pages_text(path)[-1])
        assert PRINTER in back
        assert "Dépôt légal" in back
