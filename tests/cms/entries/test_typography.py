"""French typography applied at render: one function for web, PDF and API."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

import pytest

from cms.entries.typography import style_warnings, typographie, typographie_texte

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("l'agenda", "l’agenda"),
        ('Le "budget participatif"', f"Le «{NBSP}budget participatif{NBSP}»"),
        ("et ensuite...", "et ensuite…"),
        ("Pour qui ?", f"Pour qui{NNBSP}?"),
        ("Vraiment!", f"Vraiment{NNBSP}!"),
        ("oui ; non", f"oui{NNBSP}; non"),
        ("Contact : la mairie", f"Contact{NBSP}: la mairie"),
        ("A partir de 16 ans", "À partir de 16 ans"),
        ("L'Etat et l'Ecole", "L’État et l’École"),
        ("Paris - Ville", "Paris – Ville"),
        ("le 18E arrondissement", 'le 18<sup class="ordinal">e</sup> arrondissement'),
        (
            "la 1ère fois, le 2ème",
            'la 1<sup class="ordinal">re</sup> fois, le 2<sup class="ordinal">e</sup>',
        ),
        ("le coeur", "le cœur"),
    ],
)
def test_rules(source, expected):
    assert typographie(source) == expected


def test_markup_urls_and_times_are_left_alone():
    source = '<p>Voir <a href="https://paris.fr/a?b=1&amp;c=2">paris.fr</a> à 14:30 &amp; après</p>'
    result = typographie(source)
    assert 'href="https://paris.fr/a?b=1&amp;c=2"' in result
    assert "14:30" in result
    assert "&amp; après" in result
    assert typographie("<code>a : b 'c'</code>") == "<code>a : b 'c'</code>"


def test_idempotent():
    source = "<p>Le 18e : «test» ... l'avis ! A noter</p>"
    once = typographie(source)
    assert typographie(once) == once


def test_plain_text_has_no_markup():
    assert typographie_texte("Le 18E, l'avis...") == "Le 18e, l’avis…"


def test_template_filter_escapes_plain_text_and_keeps_rich_text():
    template = Template("{% load typography %}{{ plain|typographie }}|{{ rich|typographie }}")
    output = template.render(
        Context({"plain": "<b>l'avis</b>", "rich": mark_safe("<b>l'avis</b>")})
    )
    assert output == "&lt;b&gt;l’avis&lt;/b&gt;|<b>l’avis</b>"


def test_style_check_flags_mixed_inclusive_writing_and_years_as_figures():
    warnings = style_warnings(
        ["Les Parisien·ne·s", "les détenteur.rice.s de la carte"],
        ["2014 et 2020", "+ de 15 000 conseiller·ère·s"],
    )
    assert len(warnings) == 2
    assert "détenteur.rice.s" in warnings[0] and "Parisien·ne·s" in warnings[0]
    assert "2014 et 2020" in warnings[1]
    assert style_warnings(["Les Parisien·ne·s", "tou·te·s"], ["15 000 membres"]) == []


@pytest.mark.django_db
def test_entry_edit_page_shows_the_editorial_style_check(admin_client):
    from cms.entries.factories import EntryFactory

    mixed = EntryFactory(
        for_whom="<p>Pour les Parisien·ne·s et les détenteur.rice.s de la carte.</p>"
    )
    clean = EntryFactory()
    html = admin_client.get(f"/admin/snippets/entries/entry/edit/{mixed.pk}/").content.decode()
    assert "Relecture éditoriale" in html
    assert "détenteur.rice.s" in html
    html = admin_client.get(f"/admin/snippets/entries/entry/edit/{clean.pk}/").content.decode()
    assert "plusieurs graphies" not in html
