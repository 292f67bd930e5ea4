"""`make setup` may be run again at any time: it changes nothing the second time."""

from io import StringIO

from django.contrib.auth.models import Group, User
from django.core.management import call_command

import pytest

from cms.entries.models import Entry
from cms.entries.published import content_fingerprint

pytestmark = pytest.mark.django_db

SETUP = ["load_guide", "ensure_admin", "setup_groups"]  # after migrate, as in the Makefile


def state():
    return (
        content_fingerprint(),
        Entry.objects.count(),
        User.objects.count(),
        sorted((group.name, group.permissions.count()) for group in Group.objects.all()),
    )


def test_setup_twice_changes_nothing(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "mot-de-passe-local")
    for command in SETUP:
        call_command(command, stdout=StringIO())
    first = state()
    password = User.objects.get(username="admin").password

    for command in SETUP:
        call_command(command, stdout=StringIO())

    assert state() == first
    assert User.objects.get(username="admin").check_password("mot-de-passe-local")
    assert first[1] >= 27
    assert password


@pytest.mark.django_db
def test_first_deploy_fills_an_empty_database_once(monkeypatch):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from cms.entries.models import Entry

    monkeypatch.setenv("ADMIN_PASSWORD", "un-mot-de-passe-de-test")
    call_command("first_deploy")
    assert Entry.objects.exists()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert Group.objects.exists()
    entries = Entry.objects.count()
    Entry.objects.first().delete()
    call_command("first_deploy")  # a database in use is left alone
    assert Entry.objects.count() == entries - 1
