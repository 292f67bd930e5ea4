"""A new entry's web address is made from its title: in the browser as the title is typed,
and on the server when it arrives empty, so the first save never fails "Champ requis."."""

from io import StringIO

from django.core.management import call_command

import pytest

ADD = "/admin/snippets/entries/entry/add/"


@pytest.fixture
def editor_client(client, django_user_model, db):
    call_command("load_guide", stdout=StringIO())
    user = django_user_model.objects.create_superuser(
        "editrice", "e@example.invalid", "motdepasse-solide"
    )
    client.force_login(user)
    return client


def new_entry_post(client, title, slug=""):
    """What the add form posts with a title, a type and nothing else filled in."""
    form = client.get(ADD).context["form"]
    data = {"title": title, "slug": slug, "kind": "instance", "citywide": "on"}
    for formset in form.formsets.values():
        prefix = formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    return client.post(ADD, data)


def test_add_form_syncs_the_address_with_the_title(editor_client):
    html = editor_client.get(ADD).content.decode()
    assert 'data-w-sync-target-value="#id_slug"' in html
    assert "blur-&gt;w-sync#apply" in html or "blur->w-sync#apply" in html
    # the address field turns what it receives into an ASCII slug
    assert 'data-controller="w-slug"' in html
    assert 'data-w-slug-allow-unicode-value="false"' in html


def test_saving_a_new_entry_with_an_empty_address_uses_the_title(editor_client):
    from cms.entries.models import Entry

    response = new_entry_post(editor_client, "Les Écoles citoyennes d'été")
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Entry.objects.get(title="Les Écoles citoyennes d'été")
    assert entry.slug == "les-ecoles-citoyennes-dete"
    assert not entry.live


def test_a_title_already_used_gets_a_distinct_address(editor_client):
    from cms.entries.models import Entry

    existing = Entry.objects.get(slug="budget-participatif")
    for _ in range(2):
        response = new_entry_post(editor_client, "Budget participatif")
        assert response.status_code == 302
    slugs = set(Entry.objects.filter(title="Budget participatif").values_list("slug", flat=True))
    assert slugs == {"budget-participatif-2", "budget-participatif-3"}
    assert Entry.objects.get(pk=existing.pk).title == existing.title


def test_an_address_typed_by_the_editor_is_kept(editor_client):
    from cms.entries.models import Entry

    response = new_entry_post(editor_client, "Un titre", slug="adresse-choisie")
    assert response.status_code == 302
    assert Entry.objects.get(title="Un titre").slug == "adresse-choisie"


def test_the_address_of_a_published_entry_no_longer_follows_the_title(editor_client):
    from cms.entries.models import Entry

    entry = Entry.objects.filter(live=True).first()
    html = editor_client.get(f"/admin/snippets/entries/entry/edit/{entry.pk}/").content.decode()
    assert "w-sync#apply" not in html
