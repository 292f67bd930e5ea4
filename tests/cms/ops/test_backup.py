"""A backup restores: dumpdata of all content, an empty database, loaddata."""

from io import StringIO

from django.core.management import call_command
from django.db import connection

import pytest

from cms.entries.models import FphFund
from cms.entries.published import content_fingerprint, published_entries
from cms.ops.backup import dumpdata_options

pytestmark = pytest.mark.django_db


def visible_content():
    entries = [(e.slug, e.title, e.kind, e.live) for e in published_entries()]
    funds = sorted(
        (f.arrondissement, f.quartier, f.fund, str(f))
        for f in FphFund.objects.filter(entry__live=True)
    )
    return entries, funds


def test_dump_flush_load_gives_back_the_same_guide(guide, tmp_path, admin_user):
    before = visible_content()
    fingerprint = content_fingerprint()
    assert len(before[0]) >= 27
    assert len(before[1]) == 12

    backup = tmp_path / "participez.json"
    call_command("dumpdata", output=str(backup), stdout=StringIO(), **dumpdata_options())
    if connection.vendor == "postgresql":
        # The test runs inside a transaction: fire the deferred foreign key checks now, or
        # PostgreSQL refuses to TRUNCATE tables with pending trigger events.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, stdout=StringIO())
    if connection.vendor == "postgresql":
        # Back to Django's default, as in a fresh session: checked at commit.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert visible_content() == ([], [])

    call_command("loaddata", str(backup), stdout=StringIO())

    assert visible_content() == before
    assert content_fingerprint() == fingerprint
    assert admin_user.__class__.objects.filter(username=admin_user.username).exists()
