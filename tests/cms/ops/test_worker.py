"""Background tasks on the database queue: run by a worker, taken up again if it dies."""

from datetime import timedelta

from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms.ops.models import WorkerHeartbeat
from cms.ops.worker import requeue_stale_tasks
from guide import publish
from guide.models import PublishRun, RunStatus
from guide.tasks import enqueue_publish

pytestmark = pytest.mark.django_db


def claim_and_die(worker_id="worker-a"):
    """What a worker killed in the middle of a task leaves behind."""
    result = DBTaskResult.objects.ready().get()
    result.claim(worker_id)
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, last_seen=timezone.now() - timedelta(minutes=10)
    )
    return result


def test_publish_waits_in_the_queue_until_a_worker_runs_it(
    guide, database_queue, monkeypatch, tmp_path, run_worker
):
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)
    run, result = enqueue_publish(out_dir=tmp_path)
    assert PublishRun.objects.get().status == RunStatus.PENDING
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    run_worker()

    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCESS
    assert (tmp_path / "participez" / "index.html").exists()


def test_a_task_left_running_by_a_killed_worker_is_run_again(
    guide, database_queue, monkeypatch, tmp_path, run_worker
):
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)
    run, result = enqueue_publish(out_dir=tmp_path)
    claim_and_die("worker-a")

    # A new worker (or the same one restarted) takes it up at start.
    run_worker("worker-b")

    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["worker-a", "worker-b"]
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCESS


def test_a_task_of_a_live_worker_is_left_alone(database_queue, tmp_path):
    enqueue_publish(out_dir=tmp_path)
    result = DBTaskResult.objects.get()
    result.claim("busy-worker")
    WorkerHeartbeat.objects.create(worker_id="busy-worker", last_seen=timezone.now())

    assert requeue_stale_tasks() == (0, 0)
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_a_task_that_keeps_killing_its_worker_is_given_up(database_queue, tmp_path, settings):
    settings.WORKER_MAX_ATTEMPTS = 2
    enqueue_publish(out_dir=tmp_path)
    result = claim_and_die("worker-a")
    assert requeue_stale_tasks() == (1, 0)
    result.refresh_from_db()
    result.claim("worker-b")

    assert requeue_stale_tasks() == (0, 1)
    result.refresh_from_db()
    assert result.status == "FAILED"
    assert "s'est arrêté" in result.traceback


def test_the_dashboard_shows_a_failed_task(
    guide, database_queue, admin_client, monkeypatch, tmp_path, run_worker
):
    from cms.pages import views

    real_paths = views.public_paths
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)
    monkeypatch.setattr(
        views, "public_paths", lambda entries=None: [*real_paths(entries), "/participez/disparue/"]
    )
    run, result = enqueue_publish(out_dir=tmp_path)
    run_worker()

    assert DBTaskResult.objects.get(id=result.id).status == "FAILED"
    response = admin_client.get("/admin/")
    text = response.content.decode()
    assert "Tâches en arrière-plan" in text
    assert "Publication du site" in text
    assert "Échec" in text
    assert "/participez/disparue/ répond 404" in text
