"""The shipped Paris guide loads completely, and loading it again changes nothing."""

import re
from collections import Counter
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

from cms.core.phones import format_phone
from cms.entries.loading import GUIDE_DATA
from cms.entries.models import Entry, EntryContact, FphFund, GuideFrame, Section

SEED_TEXT = GUIDE_DATA.read_text(encoding="utf-8")

# Every contact printed in the 2017 guide (seed 001), checked against what the CMS holds.
GUIDE_EMAILS = {
    "conseilcitoyenXX@gmail.com",
    "coderpa75@paris.fr",
    "kiosquecitoyen14@paris.fr",
    "kiosque-citoyen12@paris.fr",
    "kiosque-citoyen.mairie15@paris.fr",
    "cform@paris.fr",
    "democratie.locale@paris.fr",
}
GUIDE_PHONES = {
    "01 49 27 95 79",
    "01 43 29 62 61",
    "01 47 00 66 03",
    "01 45 65 27 17",
    "01 45 42 46 46",
    "01 42 63 23 75",
    "01 53 09 99 53",
    "01 53 26 57 37",
    "01 40 38 67 00",
    "01 47 97 02 96",
    "01 43 49 02 49",
    "01 44 93 00 72",
    "01 71 28 09 49",
    "01 55 78 29 30",
    "3975",
}


@pytest.fixture
def loaded(db):
    call_command("load_guide", stdout=StringIO())


def test_every_entry_of_the_guide_is_loaded_in_its_section(loaded):
    counts = Counter(Entry.objects.published().values_list("kind", flat=True))
    assert counts == {"instance": 11, "tool": 4, "platform": 4, "training": 2, "interlocutor": 6}
    others = Entry.objects.filter(group="D'autres acteurs").values_list("short_name", "title")
    titles = " ".join(title for _, title in others)
    for name in [
        "noctambules",
        "Conseils de parents",
        "Conseil des seniors",
        "CODERPA",
        "Conseil des enfants",
    ]:
        assert name in titles or name in " ".join(s for s, _ in others)


def test_the_guide_order_is_kept(loaded):
    titles = list(Entry.objects.published().in_guide_order().values_list("title", flat=True))
    assert titles[0] == "Les Conseils de quartier"
    assert titles[-1] == "Le Service de la Participation Citoyenne (SPC)"
    assert titles.index("La Carte Citoyenne - Citoyen de Paris") < titles.index(
        "Le Budget Participatif"
    )


def test_all_twelve_fph_rows_with_normalised_phones(loaded):
    fph = Entry.objects.get(slug="fonds-participation-habitants")
    rows = list(fph.fph_funds.all())
    assert len(rows) == 12
    assert FphFund.objects.count() == 12
    assert all(row.phone.startswith("+331") and len(row.phone) == 12 for row in rows)
    goutte = next(row for row in rows if row.quartier == "Goutte d'or")
    assert (goutte.arrondissement, goutte.fund, goutte.association) == (
        18,
        "FSIH",
        "Salle Saint Bruno",
    )
    assert goutte.phone_display == "01 53 09 99 53"
    assert sorted({row.arrondissement for row in rows}) == [10, 11, 13, 14, 17, 18, 19, 20]


def test_every_email_and_phone_of_the_guide_is_in_the_cms(loaded):
    contact_values = set(EntryContact.objects.values_list("value", flat=True))
    assert GUIDE_EMAILS <= contact_values
    phones = {
        format_phone(v)
        for v in EntryContact.objects.filter(kind="phone").values_list("value", flat=True)
    }
    phones |= {row.phone_display for row in FphFund.objects.all()}
    assert phones >= GUIDE_PHONES


def test_key_figures_and_links_are_loaded_word_for_word(loaded):
    quartier = Entry.objects.get(slug="conseils-de-quartier")
    assert [f.text for f in quartier.key_figures.all()] == [
        "123 conseils de quartier couvrant la totalité du territoire parisien",
        "+ de 15000 Conseiller·ère·s de quartier",
        "+ de 400 réunions annuelles",
    ]
    carte = Entry.objects.get(slug="carte-citoyenne")
    assert "paris.fr/cartecitoyenne" in [link.display_text for link in carte.links.all()]
    assert carte.min_age == 7


def test_frame_and_sections_allow_regenerating_the_printed_guide(loaded):
    frame = GuideFrame.published()
    assert frame.edito_author == "Pauline Véron"
    assert "660 000 bénévoles" in frame.edito_text
    assert len(frame.commitments) == 3
    assert frame.closing_url == "https://www.paris.fr/participez"
    assert "Direction de la Démocratie" in frame.publisher_block
    assert list(Section.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]


def test_running_load_guide_twice_changes_nothing(loaded):
    from cms.entries.loading import dump_guide

    before = dump_guide()
    revisions = Entry.objects.first().revisions.count()
    out = StringIO()
    call_command("load_guide", stdout=out)
    assert "Rien à faire" in out.getvalue()
    assert dump_guide() == before
    assert Entry.objects.count() == 27
    assert FphFund.objects.count() == 12
    assert Entry.objects.first().revisions.count() == revisions


def test_load_guide_never_overwrites_an_editors_change_unless_asked(loaded):
    entry = Entry.objects.get(slug="budget-participatif")
    entry.title = "Le Budget Participatif de Paris"
    entry.save_revision().publish()
    call_command("load_guide", stdout=StringIO())
    assert Entry.objects.get(slug="budget-participatif").title == "Le Budget Participatif de Paris"
    call_command("load_guide", "--reset", stdout=StringIO())
    assert Entry.objects.get(slug="budget-participatif").title == "Le Budget Participatif"


def test_dump_guide_round_trips_the_shipped_content(loaded):
    import yaml

    from cms.entries.loading import dump_guide, read_guide_data

    dumped = yaml.safe_load(dump_guide())
    shipped = read_guide_data()
    assert [e["slug"] for e in dumped["entries"]] == [e["slug"] for e in shipped["entries"]]
    for mine, theirs in zip(dumped["entries"], shipped["entries"], strict=True):
        for key in ["title", "for_whom", "why", "how", "key_figures", "arrondissements"]:
            assert mine[key] == theirs[key], (theirs["slug"], key)
        for key in ["audiences", "actions"]:
            assert sorted(mine[key]) == sorted(theirs[key]), (theirs["slug"], key)
        assert [f["phone"] for f in mine["fph_funds"]] == [f["phone"] for f in theirs["fph_funds"]]


def test_shipped_data_does_not_read_the_seed_folder_at_run_time():
    source = Path(__file__).resolve().parents[3] / "cms"
    for path in source.rglob("*.py"):
        assert "shared/seeds" not in path.read_text(encoding="utf-8"), path
    assert re.search(r"conseilcitoyenXX@gmail\.com", SEED_TEXT)
