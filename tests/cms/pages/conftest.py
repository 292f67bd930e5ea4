import pytest


@pytest.fixture
def guide(guide_module, db):
    return None


@pytest.fixture
def site_client(client, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    return client
