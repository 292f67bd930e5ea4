"""django-tasks-db's worker, plus a heartbeat and the recovery of tasks left by dead workers.

This command shadows django_tasks_db's own `db_worker` (cms.ops comes first in
INSTALLED_APPS) and accepts the same options.
"""

from django_tasks_db.management.commands import db_worker

from cms.ops.worker import Heartbeat, beat, forget, requeue_stale_tasks


class Worker(db_worker.Worker):
    def run(self):
        beat(self.worker_id)
        requeued, failed = requeue_stale_tasks()
        if requeued or failed:
            db_worker.logger.warning(
                "Au démarrage : %s tâche(s) reprise(s), %s abandonnée(s).", requeued, failed
            )
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            return super().run()
        finally:
            heartbeat.stop()
            forget(self.worker_id)


class Command(db_worker.Command):
    help = (
        "Exécute les tâches en arrière-plan (publication du site, PDF) ; reprend au "
        "démarrage les tâches laissées par un processus arrêté."
    )

    def handle(self, *args, **options):
        # The parent builds its Worker by module-level name: swap ours in for this run.
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
