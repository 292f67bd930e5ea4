"""Editors find every entry of the guide in the admin, grouped by kind and filterable."""

from io import StringIO

from django.core.management import call_command

from wagtail.admin.rich_text import DraftailRichTextArea

import pytest


@pytest.fixture
def editor_client(client, django_user_model, db):
    call_command("load_guide", stdout=StringIO())
    user = django_user_model.objects.create_superuser(
        "editrice", "e@example.invalid", "motdepasse-solide"
    )
    client.force_login(user)
    return client


LISTING = "/admin/snippets/entries/entry/"


def test_listing_shows_every_entry(editor_client):
    response = editor_client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    for title in [
        "Les Conseils de quartier",
        "Le Comité des noctambules",
        "Paris Pétition",
        "La Maison des Initiatives Étudiantes",
    ]:
        assert title in html


def test_listing_filters_by_kind_and_arrondissement(editor_client):
    html = editor_client.get(LISTING, {"kind": "training"}).content.decode()
    assert "Paris Asso Formations" in html
    assert "Les Conseils de quartier" not in html
    html = editor_client.get(LISTING, {"arrondissement": "14"}).content.decode()
    assert "Les Kiosques Citoyens" in html
    html = editor_client.get(LISTING, {"arrondissement": "3"}).content.decode()
    assert "Les Kiosques Citoyens" not in html
    assert "Le Budget Participatif" in html


def test_listing_filters_by_audience_and_action(editor_client):
    from cms.entries.models import Action, Audience

    students = Audience.objects.get(code="students")
    html = editor_client.get(LISTING, {"audiences": students.pk}).content.decode()
    assert "La Maison des Initiatives Étudiantes" in html
    assert "Le Conseil des seniors" not in html
    train = Action.objects.get(code="train")
    html = editor_client.get(LISTING, {"actions": train.pk}).content.decode()
    assert "Les Ateliers Citoyens de Paris" in html
    assert "Paris Pétition" not in html


def test_listing_search(editor_client):
    html = editor_client.get(LISTING, {"q": "pétition"}).content.decode()
    assert "Paris Pétition" in html


def test_edit_form_shows_french_help_text_and_fph_rows(editor_client):
    from cms.entries.models import Entry

    fph = Entry.objects.get(slug="fonds-participation-habitants")
    html = editor_client.get(f"{LISTING}edit/{fph.pk}/").content.decode()
    assert "Salle Saint Bruno" in html
    assert "Pour qui ?" in html
    assert "Ne la changez pas après publication" in html


def test_saving_a_bad_phone_in_the_admin_shows_a_french_error(editor_client):
    from cms.entries.models import Entry

    entry = Entry.objects.get(slug="comite-departemental-retraites-personnes-agees")
    url = f"{LISTING}edit/{entry.pk}/"
    form = editor_client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(field.widget, DraftailRichTextArea):
            # the editor posts its own JSON format, not HTML
            value = field.widget.format_value(value)
        data[name] = value
    # rebuild the formset management data as the browser would post it
    for formset in form.formsets.values():
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = len(formset.forms)
        data[f"{prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for i, subform in enumerate(formset.forms):
            for name in subform.fields:
                value = subform[name].value()
                if value is not None:
                    data[f"{prefix}-{i}-{name}"] = value
            data[f"{prefix}-{i}-ORDER"] = i + 1
    phone_index = next(
        i for i, sub in enumerate(form.formsets["contacts"].forms) if sub["kind"].value() == "phone"
    )
    data[f"contacts-{phone_index}-value"] = "01 23"
    response = editor_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "n&#x27;est pas un numéro de téléphone valide" in html
        or "n'est pas un numéro de téléphone valide" in html
    )
    entry.refresh_from_db()
    assert entry.contacts.filter(value="+33149279579").exists()


def test_fph_directory_listing(editor_client):
    response = editor_client.get("/admin/entries/fphfund/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Salle Saint Bruno" in html
    assert "01 53 09 99 53" in html


def test_editors_reorder_entries_within_their_section(editor_client):
    from cms.entries.models import Entry
    from cms.entries.published import guide_outline

    def tool_titles():
        tools = {section.kind: entries for section, entries in guide_outline()}["tool"]
        return [entry.title for entry in tools]

    assert tool_titles()[:2] == ["La Carte Citoyenne - Citoyen de Paris", "Le Budget Participatif"]
    budget = Entry.objects.get(slug="budget-participatif")
    carte_position = list(
        Entry.objects.order_by("sort_order").values_list("slug", flat=True)
    ).index("carte-citoyenne")
    response = editor_client.post(f"{LISTING}reorder/{budget.pk}/?position={carte_position}")
    assert response.status_code == 200
    assert tool_titles()[:2] == ["Le Budget Participatif", "La Carte Citoyenne - Citoyen de Paris"]


MAIRIES = "/admin/snippets/entries/arrondissement/"


def test_editors_fill_in_each_mairie_but_add_or_delete_none(editor_client):
    from cms.entries.models import Arrondissement

    html = editor_client.get(MAIRIES).content.decode()
    assert "18e arrondissement" in html
    assert editor_client.get(MAIRIES + "add/").status_code in (302, 403)

    row = Arrondissement.objects.get(number=18)
    edit = f"{MAIRIES}edit/{row.pk}/"
    form = editor_client.get(edit).content.decode()
    for label in ("Nom de la mairie", "Adresse de la mairie", "Téléphone de la mairie"):
        assert label in form
    editor_client.post(
        edit,
        {
            "mairie_name": "",
            "mairie_address": "1 place de l'Exemple\r\n75018 Paris",
            "mairie_phone": "01 53 41 18 18",
            "mairie_url": "https://mairie.example.org/18",
        },
    )
    row.refresh_from_db()
    assert row.mairie_phone == "+33153411818"
    assert row.has_mairie_contact


def test_a_wrong_mairie_phone_is_refused_in_french(editor_client):
    from cms.entries.models import Arrondissement

    row = Arrondissement.objects.get(number=18)
    response = editor_client.post(
        f"{MAIRIES}edit/{row.pk}/",
        {"mairie_name": "", "mairie_address": "", "mairie_phone": "01 23", "mairie_url": ""},
    )
    assert "n&#x27;est pas un numéro de téléphone valide" in response.content.decode()
    row.refresh_from_db()
    assert row.mairie_phone == ""
