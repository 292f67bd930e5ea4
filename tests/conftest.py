"""Shared by every test folder; keep it small (owned by cms.ops, tell them before adding)."""

from django.db import transaction

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


@pytest.fixture(scope="module")
def guide_module(django_db_setup, django_db_blocker):
    """The shipped Paris guide, loaded once per module (load_guide takes seconds), for the
    test folders that read it (pages, entries, the publish).

    Each test still runs in its own savepoint inside this transaction, so a test that
    edits content leaves the next one the shipped guide.
    """
    from cms.entries.loading import load_guide

    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        yield
        transaction.set_rollback(True)


# The task queue as production has it: a database queue nothing runs until a worker does.
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def database_queue(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    # The worker recycles connections between tasks, as Django does between requests;
    # inside a test's transaction that would close it (Django's TestCase does the same
    # for requests).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.fixture
def run_worker(database_queue):
    """run_worker(worker_id): one pass of a real worker over every ready task, then stop."""
    from cms.ops.management.commands.db_worker import Worker

    def run(worker_id="worker-b"):
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="background",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()

    return run
