"""The project checks cleanly and its migrations match its models."""

from io import StringIO

from django.core.management import call_command

import pytest


def test_manage_check_is_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_load_guide_on_an_empty_database_smoke():
    out = StringIO()
    call_command("load_guide", stdout=out)
    assert "Guide chargé" in out.getvalue()
