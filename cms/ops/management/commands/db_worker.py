"""django-tasks-db's worker, plus a heartbeat and the recovery of tasks left by dead workers.

This command shadows django_tasks_db's own `db_worker` (cms.ops comes first in
INSTALLED_APPS) and accepts the same options.
"""

from django_tasks_db.management.commands import db_worker

from cms.ops.worker import Heartbeat, Scheduler, beat, forget, requeue_stale_tasks


class Worker(db_worker.Worker):
    # Off for workers built directly (tests); the command turns it on unless --no-scheduler.
    run_scheduler = False

    def run(self):
        beat(self.worker_id)
        requeued, failed = requeue_stale_tasks()
        if requeued or failed:
            db_worker.logger.warning(
                "Au démarrage : %s tâche(s) reprise(s), %s abandonnée(s).", requeued, failed
            )
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        scheduler = Scheduler() if self.run_scheduler else None
        if scheduler:
            scheduler.start()
        try:
            return super().run()
        finally:
            heartbeat.stop()
            if scheduler:
                scheduler.stop()
            forget(self.worker_id)


class Command(db_worker.Command):
    help = (
        "Exécute les tâches en arrière-plan (publication du site, PDF) et la publication "
        "programmée ; reprend au démarrage les tâches laissées par un processus arrêté."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Ne pas lancer la publication programmée (publish_scheduled) dans ce processus.",
        )

    def handle(self, *args, no_scheduler=False, **options):
        # The parent builds its Worker by module-level name: swap ours in for this run.
        original = db_worker.Worker
        db_worker.Worker = type("Worker", (Worker,), {"run_scheduler": not no_scheduler})
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
