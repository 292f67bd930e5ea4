"""Keeping background tasks alive across dead workers (see WorkerHeartbeat)."""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER_DIED = "Le processus qui exécutait cette tâche s'est arrêté (redémarrage ou panne)."

# Sent with `result` (a DBTaskResult) when a task is given up after killing its worker
# `WORKER_MAX_ATTEMPTS` times, so the app that queued it can mark its own records failed.
task_abandoned = Signal()


def beat(worker_id):
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "last_seen": timezone.now(),
        },
    )


def forget(worker_id):
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def requeue_stale_tasks(now=None, stale_after=None, max_attempts=None):
    """Give RUNNING tasks of dead workers back to the queue; returns (requeued, failed).

    A worker is dead when its heartbeat is older than `stale_after` seconds or missing.
    A task already claimed `max_attempts` times is marked failed instead: a task that
    kills its worker every time must not take the whole pool down in a loop.
    """
    now = now or timezone.now()
    stale_after = stale_after if stale_after is not None else settings.WORKER_STALE_AFTER_SECONDS
    max_attempts = max_attempts or settings.WORKER_MAX_ATTEMPTS
    alive = set(
        WorkerHeartbeat.objects.filter(
            last_seen__gte=now - timedelta(seconds=stale_after)
        ).values_list("worker_id", flat=True)
    )
    requeued = failed = 0
    abandoned = []
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update()
        for result in running:
            owner = result.worker_ids[-1] if result.worker_ids else None
            if owner in alive:
                continue
            if len(result.worker_ids) >= max_attempts:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = "cms.ops.worker.WorkerDied"
                result.traceback = f"{WORKER_DIED} Abandon après {len(result.worker_ids)} essais."
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
                abandoned.append(result)
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(seconds=stale_after)).delete()
    for result in abandoned:
        task_abandoned.send(sender=requeue_stale_tasks, result=result)
    if requeued or failed:
        logger.warning("Tâches reprises : %s, abandonnées : %s", requeued, failed)
    return requeued, failed


class WorkerDied(Exception):
    """Recorded as the exception of a task whose worker kept dying."""


class Heartbeat(threading.Thread):
    """Beats every WORKER_HEARTBEAT_SECONDS while the worker runs, even inside a long task,
    and sweeps the tasks of workers that died meanwhile."""

    def __init__(self, worker_id, interval=None):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval or settings.WORKER_HEARTBEAT_SECONDS
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                try:
                    close_old_connections()
                    beat(self.worker_id)
                    requeue_stale_tasks()
                except Exception:
                    # A missed beat is harmless; a dead heartbeat thread is not.
                    logger.exception("Battement de cœur du processus %s manqué", self.worker_id)
        finally:
            connection.close()

    def stop(self):
        # Wait for a beat or a pass in progress: one finishing after the worker has said
        # goodbye (forget()) would leave a live-looking heartbeat of a stopped worker, and
        # its tasks would not be taken up until it went stale.
        self.stopped.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join()


def publish_scheduled():
    """Wagtail's scheduled publishing and unpublishing (pages and snippets), run by one
    worker at a time when several share a cache (Redis in production)."""
    interval = settings.SCHEDULED_PUBLISHING_SECONDS
    if not cache.add("participez:publish-scheduled", True, timeout=max(1, interval - 1)):
        return
    call_command("publish_scheduled", verbosity=0)


# Periodic jobs of the apps above this one, registered from their AppConfig.ready():
# {name: (function, seconds between two runs)}.
_PERIODIC = {}


def register_periodic(name, function, every_seconds):
    """Have the worker's scheduler call `function` about every `every_seconds` seconds.

    The layers above cms.ops (the entries' review reminders) register their jobs here
    instead of this module importing them."""
    _PERIODIC[name] = (function, every_seconds)


def run_periodic_jobs():
    """Each registered job whose time has come, once across the workers sharing a cache."""
    for name, (function, every) in list(_PERIODIC.items()):
        if not cache.add(f"participez:periodic:{name}", True, timeout=max(1, int(every))):
            continue
        try:
            function()
        except Exception:
            logger.exception("Tâche périodique « %s » : échec de ce passage", name)


class Scheduler(threading.Thread):
    """Runs the periodic work of the site inside each worker, so that scheduled
    publishing needs no cron: every SCHEDULED_PUBLISHING_SECONDS, publish_scheduled,
    then the periodic jobs whose time has come (register_periodic)."""

    def __init__(self, interval=None):
        super().__init__(name="scheduler", daemon=True)
        self.interval = interval or settings.SCHEDULED_PUBLISHING_SECONDS
        self.stopped = threading.Event()

    def run(self):
        try:
            while True:
                try:
                    close_old_connections()
                    publish_scheduled()
                except Exception:
                    logger.exception("Publication programmée : échec de ce passage")
                run_periodic_jobs()
                if self.stopped.wait(self.interval):
                    break
        finally:
            connection.close()

    def stop(self):
        # Wait for a beat or a pass in progress: one finishing after the worker has said
        # goodbye (forget()) would leave a live-looking heartbeat of a stopped worker, and
        # its tasks would not be taken up until it went stale.
        self.stopped.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join()
