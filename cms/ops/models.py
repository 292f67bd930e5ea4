"""What the operations app keeps in the database: the heartbeat of each background worker."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A background worker that is alive, as last seen.

    django-tasks-db marks a task RUNNING when a worker claims it and never looks at it
    again: if that worker is killed the task would stay RUNNING for ever. Each worker
    records a heartbeat here, so another worker (or the same one after a restart) can
    tell a task whose worker died from one still being worked on, and run it again.
    """

    worker_id = models.CharField("identifiant", max_length=64, primary_key=True)
    hostname = models.CharField("machine", max_length=255, blank=True)
    pid = models.PositiveIntegerField("processus", null=True, blank=True)
    started_at = models.DateTimeField("démarré le", auto_now_add=True)
    last_seen = models.DateTimeField("vu pour la dernière fois", db_index=True)

    class Meta:
        verbose_name = "processus de tâches en arrière-plan"
        verbose_name_plural = "processus de tâches en arrière-plan"

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
