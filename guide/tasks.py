"""Long work that runs outside the web request, on the "background" task backend.

Arguments are plain JSON values (ids, paths), as a database queue stores them. Progress
and outcome are recorded on guide.models.PublishRun / PrintEdition, which editors see in
the admin; the task result (django-tasks-db) keeps the traceback for the developers.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from django_tasks import task

from guide.models import PrintEdition, PublishRun, RunStatus

logger = logging.getLogger(__name__)

BACKGROUND = "background"


def _user(user_id):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _short_error(error):
    return f"{type(error).__name__} : {error}"[:2000]


def default_site_dir():
    return str(Path(getattr(settings, "PUBLISH_OUTPUT_DIR", settings.BASE_DIR / "site")))


class BackgroundTaskFailed(Exception):
    """Raised so the task result says FAILED too; the editor-facing reason is on the record."""


@task(backend=BACKGROUND, queue_name="default")
def publish_site_task(out_dir=None, user_id=None, run_id=None):
    """Write the static site; the previous site stays in place if this fails."""
    from guide.publish import publish_site

    out_dir = out_dir or default_site_dir()
    user = _user(user_id)
    if run_id is not None:
        run = PublishRun.objects.get(pk=run_id)
    else:
        run = PublishRun.objects.create(user=user, output_dir=out_dir)
    try:
        # publish_site records its own failures on the run and returns it.
        run = publish_site(out_dir, user=user, run=run) or run
    except Exception as error:
        logger.exception("Échec de la publication du site (run %s)", run.pk)
        PublishRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=_short_error(error), finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    if run.status == RunStatus.FAILED:
        raise BackgroundTaskFailed(run.error.strip().splitlines()[-1] if run.error else "")
    return {"run": run.pk, "status": run.status, "output_dir": run.output_dir}


@task(backend=BACKGROUND, queue_name="default")
def build_pdf_task(edition="print", arrondissement=None, user_id=None):
    """Build (or reuse) the PDF of one edition; the last good PDF stays if this fails."""
    from guide.pdf import get_or_build_pdf

    started = timezone.now()
    try:
        built = get_or_build_pdf(
            edition=edition, arrondissement=arrondissement, user=_user(user_id)
        )
    except Exception as error:
        logger.exception("Échec du PDF %s (arrondissement %s)", edition, arrondissement)
        already_recorded = PrintEdition.objects.filter(
            edition=edition,
            arrondissement=arrondissement,
            status=RunStatus.FAILED,
            created_at__gte=started,
        ).exists()
        if not already_recorded:
            from cms.entries.published import content_fingerprint

            PrintEdition.objects.create(
                edition=edition,
                arrondissement=arrondissement,
                built_by=_user(user_id),
                fingerprint=content_fingerprint(),
                status=RunStatus.FAILED,
                error=_short_error(error),
            )
        raise
    # get_or_build_pdf returns the path of the PDF (a cached one when content is unchanged).
    return {"path": str(built)}


def enqueue_publish(out_dir=None, user=None):
    """Record a pending run (visible in the admin at once) and queue the work."""
    out_dir = str(out_dir or default_site_dir())
    run = PublishRun.objects.create(user=user, output_dir=out_dir, status=RunStatus.PENDING)
    result = publish_site_task.enqueue(
        out_dir=out_dir, user_id=getattr(user, "pk", None), run_id=run.pk
    )
    return run, result


def enqueue_pdf(edition="print", arrondissement=None, user=None):
    return build_pdf_task.enqueue(
        edition=edition, arrondissement=arrondissement, user_id=getattr(user, "pk", None)
    )
