"""Shared by every test folder; keep it small (owned by cms.ops, tell them before adding)."""

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives a test (a process-wide memory cache, or Redis under
    `make test-postgres`): start and end each test with it empty."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
