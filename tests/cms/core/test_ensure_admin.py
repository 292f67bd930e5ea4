"""`make setup` creates the admin account once, with a known or a printed password."""

from io import StringIO

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

import pytest


@pytest.mark.django_db
def test_admin_gets_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "un-mot-de-passe-long")
    call_command("ensure_admin", stdout=StringIO())
    assert authenticate(username="admin", password="un-mot-de-passe-long")


@pytest.mark.django_db
def test_generated_password_is_printed_once_and_works(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().rsplit(":", 1)[1].strip()
    assert authenticate(username="admin", password=password)
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert password not in again.getvalue()
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert authenticate(username="admin", password=password)
