"""Search of the guide in French: stemming and accents on PostgreSQL, the default on SQLite."""

from django.db import connection

from wagtail.search.backends import get_search_backend

import pytest

from cms.entries.models import Entry

from .conftest import postgres_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    return [
        Entry.objects.create(
            kind="instance",
            title="L'association des parents d'élèves",
            slug="association-parents",
            summary="<p>Elle représente les familles auprès de l'école.</p>",
        ),
        Entry.objects.create(
            kind="tool",
            title="Le débat citoyen",
            slug="debat-citoyen",
            summary="<p>Une réunion publique ouverte à toutes et tous.</p>",
        ),
        Entry.objects.create(
            kind="tool",
            title="Le budget participatif",
            slug="budget-participatif",
            summary="<p>Proposer puis voter pour des projets.</p>",
        ),
    ]


def search(query):
    # published() also filters on expire_at, which is not a search FilterField.
    results = get_search_backend().search(query, Entry.objects.filter(live=True))
    return {entry.slug for entry in results}


@postgres_only
def test_plural_finds_singular(entries):
    assert search("associations") == {"association-parents"}


@postgres_only
def test_search_ignores_accents(entries):
    assert search("debat") == {"debat-citoyen"}
    assert search("élève") == {"association-parents"}


@postgres_only
def test_postgres_uses_the_french_unaccent_configuration(settings):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "french_unaccent"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Débats des associations')")
        (vector,) = cursor.fetchone()
    assert vector == "'associ':3 'debat':1"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite seulement")
def test_sqlite_default_backend_finds_entries(entries):
    assert search("budget") == {"budget-participatif"}
    assert search("association") == {"association-parents"}
    assert search("inexistant") == set()
