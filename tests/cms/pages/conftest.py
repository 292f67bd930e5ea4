import pytest

from cms.entries.loading import load_guide


@pytest.fixture
def guide(db):
    """The shipped Paris guide, with the public page tree load_guide creates."""
    load_guide()


@pytest.fixture
def site_client(client, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    return client
