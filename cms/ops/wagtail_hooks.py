"""A dashboard panel listing the background tasks (publishing, PDFs) and how they ended.

PublishRun and PrintEdition have their own listings (guide/wagtail_hooks.py); this panel
shows the queue itself, so a task that failed or waits for a worker is seen at once.
"""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from django_tasks_db.models import DBTaskResult

TASK_LABELS = {
    "guide.tasks.publish_site_task": "Publication du site",
    "guide.tasks.build_pdf_task": "Construction d'un PDF",
    "guide.tasks.build_editions_task": "Construction des éditions PDF modifiées",
}
STATUS_LABELS = {
    "READY": "En attente",
    "RUNNING": "En cours",
    "SUCCESSFUL": "Terminée",
    "FAILED": "Échec",
}


class BackgroundTasksPanel(Component):
    name = "background_tasks"
    order = 150
    template_name = "ops/background_tasks_panel.html"

    def get_context_data(self, parent_context=None):
        results = DBTaskResult.objects.order_by("-enqueued_at")[:10]
        rows = [
            {
                "label": TASK_LABELS.get(result.task_path, result.task_path.rsplit(".", 1)[-1]),
                "status": result.status,
                "status_label": STATUS_LABELS.get(result.status, result.status),
                "enqueued_at": result.enqueued_at,
                "finished_at": result.finished_at,
                "error": result.traceback.strip().splitlines()[-1] if result.traceback else "",
            }
            for result in results
        ]
        waiting = DBTaskResult.objects.ready().count()
        return {"rows": rows, "waiting": waiting}


@hooks.register("construct_homepage_panels")
def add_background_tasks_panel(request, panels):
    if request.user.has_perm("guide.view_publishrun") or request.user.is_superuser:
        panels.append(BackgroundTasksPanel())
