from django.db import transaction

import pytest

from cms.entries.loading import load_guide


@pytest.fixture(scope="module")
def guide_module(django_db_setup, django_db_blocker):
    """The shipped Paris guide, loaded once per module (load_guide takes seconds).

    Each test still runs in its own savepoint inside this transaction, so a test that
    edits content leaves the next one the shipped guide.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def guide(guide_module, db):
    return None


@pytest.fixture
def site_client(client, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    return client
