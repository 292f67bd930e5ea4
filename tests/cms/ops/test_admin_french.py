"""What editors read in the admin: corrected French, and only our groups, described."""

import re

from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext

import pytest

from cms.ops.groups import GROUP_DESCRIPTIONS, setup_groups

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("%(model_name)s '%(object)s' has been submitted for moderation.", "envoi en relecture"),
        ("%(model_name)s '%(object)s' created.", "création enregistrée"),
        ("The %(model_name)s could not be created due to errors.", "Création impossible"),
    ],
)
def test_wagtail_messages_are_corrected(message, expected):
    with translation.override("fr"):
        text = gettext(message)
    assert expected in text
    assert "(e)" not in text and "Le(la)" not in text and "planifié" not in text


def test_the_user_form_offers_our_groups_with_what_they_may_do(admin_client):
    setup_groups()
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()

    page = admin_client.get("/admin/users/new/").content.decode()

    for name, description in GROUP_DESCRIPTIONS.items():
        assert name in page
        assert description.replace("'", "&#x27;") in page
    assert "Moderators" not in page


def test_a_wagtail_group_with_members_is_kept(django_user_model):
    group, _ = Group.objects.get_or_create(name="Editors")
    django_user_model.objects.create_user("ancienne").groups.add(group)
    setup_groups()
    assert Group.objects.filter(name="Editors").exists()


def test_publics_demarches_and_arrondissements_are_checkboxes(admin_client):
    from cms.entries.factories import EntryFactory
    from cms.entries.loading import load_guide

    load_guide()
    entry = EntryFactory()
    page = admin_client.get(f"/admin/snippets/entries/entry/edit/{entry.pk}/").content.decode()
    for name in ("audiences", "actions", "arrondissements"):
        assert re.search(rf'<input type="checkbox" name="{name}"', page), name
