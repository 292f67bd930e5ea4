"""Long work that runs outside the web request, on the "background" task backend.

Arguments are plain JSON values (ids, paths), as a database queue stores them. Progress
and outcome are recorded on guide.models.PublishRun / PrintEdition, which editors see in
the admin; the task result (django-tasks-db) keeps the traceback for the developers.

Each task is given the id of the record queued with it: when a killed worker's task is
run again, it finishes that same record (and removes the dead worker's partial file)
instead of leaving it "running" beside a new one.
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.utils import timezone

from django_tasks import task

from cms.ops.worker import WORKER_DIED, task_abandoned
from guide.models import PrintEdition, PublishRun, RunStatus
from guide.pdf import get_or_build_pdf
from guide.pdf.build import build_editions, partial_path, stale_editions
from guide.pdf.editions import DEFAULT_EDITIONS, SCREEN
from guide.publish import build_search, publish_site

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
    out_dir = out_dir or default_site_dir()
    user = _user(user_id)
    run = PublishRun.objects.filter(pk=run_id).first() if run_id is not None else None
    if run is None:
        run = PublishRun.objects.create(user=user, output_dir=out_dir)
    elif run.status == RunStatus.RUNNING:
        logger.warning("Publication %s reprise après l'arrêt de son processus", run.pk)
        run.progress = 0
    try:
        # publish_site records its own failures on the run and returns it.
        run = publish_site(out_dir, user=user, run=run) or run
    except Exception as error:
        logger.exception("Échec de la publication du site (run %s)", run.pk)
        PublishRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=_short_error(error), finished_at=timezone.now()
        )
        raise
    search_due = getattr(run, "search_due", False)
    run.refresh_from_db()
    if run.status == RunStatus.FAILED:
        raise BackgroundTaskFailed(run.error.strip().splitlines()[-1] if run.error else "")
    if search_due:
        # The pages are out; the search follows on its own (seconds at city scale).
        build_search_task.enqueue(out_dir=run.output_dir, run_id=run.pk)
    return {"run": run.pk, "status": run.status, "output_dir": run.output_dir}


@task(backend=BACKGROUND, queue_name="default")
def build_search_task(out_dir, run_id=None):
    """The static search (rules and Pagefind's bundle) for the pages a publish wrote; the
    previous search stays in place if this fails, and the run that queued it says why."""
    try:
        built = build_search(out_dir)
    except Exception as error:
        logger.exception("Échec de l'index de recherche du site (%s)", out_dir)
        run = PublishRun.objects.filter(pk=run_id).first() if run_id is not None else None
        if run is not None:
            note = f"Index de recherche non reconstruit : {error}"[:2000]
            run.error = "\n".join(filter(None, [run.error, note]))
            run.save(update_fields=["error"])
        raise
    return {"output_dir": out_dir, "built": built}


@task(backend=BACKGROUND, queue_name="default")
def build_pdf_task(edition="print", arrondissement=None, user_id=None, record_id=None, force=False):
    """Build (or reuse) the PDF of one edition; the last good PDF stays if this fails."""
    started = timezone.now()
    record = PrintEdition.objects.filter(pk=record_id).first() if record_id is not None else None
    try:
        built = get_or_build_pdf(
            edition=edition,
            arrondissement=arrondissement,
            user=_user(user_id),
            record=record,
            force=force,
        )
    except Exception as error:
        logger.exception("Échec du PDF %s (arrondissement %s)", edition, arrondissement)
        already_recorded = PrintEdition.objects.filter(
            edition=edition,
            arrondissement=arrondissement,
            status=RunStatus.FAILED,
            created_at__gte=started,
        ).exists() or (record is not None and record.status == RunStatus.FAILED)
        if not already_recorded:
            PrintEdition.objects.create(
                edition=edition,
                arrondissement=arrondissement,
                built_by=_user(user_id),
                status=RunStatus.FAILED,
                error=_short_error(error),
            )
        raise
    # get_or_build_pdf returns the path of the PDF (a cached one when content is unchanged).
    rebuilt = record is not None and PrintEdition.objects.filter(pk=record.pk).exists()
    if rebuilt and on_static_site(edition, arrondissement):
        queue_site_publish()
    return {"path": str(built)}


def on_static_site(edition, arrondissement):
    """The static site carries the default editions and each arrondissement's screen
    edition (guide.publish.assets): a new file of those needs a site publish."""
    return edition in DEFAULT_EDITIONS if arrondissement is None else edition == SCREEN


@task(backend=BACKGROUND, queue_name="default")
def build_editions_task(record_ids, user_id=None):
    """Build the editions one change made stale, all in this one process.

    Each is built from the content published when the task runs (so a burst of edits is
    built once); one that no longer differs from its last build is dropped. A retried
    task (its worker killed) finishes the records the dead one left pending or running.
    """
    records = list(
        PrintEdition.objects.filter(
            pk__in=record_ids, status__in=[RunStatus.PENDING, RunStatus.RUNNING]
        ).order_by("pk")
    )
    done, failed = build_editions(records, user=_user(user_id))
    if any(rebuilt and on_static_site(r.edition, r.arrondissement) for r, _path, rebuilt in done):
        queue_site_publish()
    if failed:
        # Each failed edition carries its reason for editors; the task result says FAILED.
        raise BackgroundTaskFailed("; ".join(_short_error(error) for _record, error in failed))
    return {"built": [str(path) for _record, path, rebuilt in done if rebuilt]}


def _defer(task_object):
    """The task to run PUBLISH_DEBOUNCE_SECONDS from now, where the backend can wait: the
    edits of one burst are published by the one run queued by the first of them."""
    delay = settings.PUBLISH_DEBOUNCE_SECONDS
    if delay and task_object.get_backend().supports_defer:
        return task_object.using(run_after=timezone.now() + timedelta(seconds=delay))
    return task_object


def enqueue_publish(out_dir=None, user=None, debounce=False):
    """Record a pending run (visible in the admin at once) and queue the work."""
    out_dir = str(out_dir or default_site_dir())
    run = PublishRun.objects.create(user=user, output_dir=out_dir, status=RunStatus.PENDING)
    task_object = _defer(publish_site_task) if debounce else publish_site_task
    result = task_object.enqueue(out_dir=out_dir, user_id=getattr(user, "pk", None), run_id=run.pk)
    return run, result


def enqueue_pdf(edition="print", arrondissement=None, user=None, force=False, debounce=False):
    """Record a pending edition (visible in the admin at once) and queue its build."""
    record = PrintEdition.objects.create(
        edition=edition,
        arrondissement=arrondissement,
        built_by=user if getattr(user, "is_authenticated", False) else None,
        status=RunStatus.PENDING,
    )
    task_object = _defer(build_pdf_task) if debounce else build_pdf_task
    return task_object.enqueue(
        edition=edition,
        arrondissement=arrondissement,
        user_id=getattr(user, "pk", None),
        record_id=record.pk,
        force=force,
    )


def queue_site_publish(user=None):
    """A debounced publish into the public folder, unless one is already waiting to start
    (it will publish this change too)."""
    out_dir = default_site_dir()
    if PublishRun.objects.filter(status=RunStatus.PENDING, output_dir=out_dir).exists():
        return None
    return enqueue_publish(out_dir, user=user, debounce=True)


def queue_pdf_rebuild(edition, arrondissement=None, user=None):
    """A debounced rebuild of one edition, unless one is already waiting to start; the
    build itself does nothing if the content it shows has not changed."""
    waiting = PrintEdition.objects.filter(
        edition=edition, arrondissement=arrondissement, status=RunStatus.PENDING
    )
    if waiting.exists():
        return None
    return enqueue_pdf(edition, arrondissement, user=user, debounce=True)


def queue_stale_editions(user=None):
    """One debounced task that rebuilds, in one process, the kept editions whose content
    changed; nothing for an edition already waiting for a build (that build will read
    the content as it is then), nothing at all when no edition shows the change."""
    # Only a batch queued by an earlier change counts as waiting (its records carry the
    # version they were queued for): a single edition queued by a download may already
    # be reading the content as it was before this change.
    waiting = set(
        PrintEdition.objects.filter(
            status=RunStatus.PENDING, paper="a5", marks=False, is_preview=False
        )
        .exclude(fingerprint="")
        .values_list("edition", "arrondissement")
    )
    versions = {}
    stale = [key for key in stale_editions(versions=versions) if key not in waiting]
    if not stale:
        return None
    records = [
        PrintEdition.objects.create(
            edition=edition,
            arrondissement=arrondissement,
            built_by=user if getattr(user, "is_authenticated", False) else None,
            fingerprint=versions[arrondissement],
            status=RunStatus.PENDING,
        )
        for edition, arrondissement in stale
    ]
    return _defer(build_editions_task).enqueue(
        record_ids=[record.pk for record in records], user_id=getattr(user, "pk", None)
    )


def queue_followups(site=True, pdfs=True, user=None):
    """What a publication in the admin sets going: the static site and the PDF editions
    that show the change, both in the background (never inside the editor's request)."""
    if site:
        queue_site_publish(user)
    if pdfs:
        queue_stale_editions(user)


@receiver(task_abandoned)
def record_abandoned_task(sender, result, **kwargs):
    """A task given up after killing its worker repeatedly: its record says so in French."""
    arguments = result.args_kwargs.get("kwargs", {}) if result.args_kwargs else {}
    reason = f"{WORKER_DIED} Abandon après plusieurs essais."
    now = timezone.now()
    if result.task_path.endswith("publish_site_task") and arguments.get("run_id"):
        PublishRun.objects.filter(
            pk=arguments["run_id"], status__in=[RunStatus.PENDING, RunStatus.RUNNING]
        ).update(status=RunStatus.FAILED, error=reason, finished_at=now)
    elif result.task_path.endswith("build_pdf_task") and arguments.get("record_id"):
        _give_up_editions([arguments["record_id"]], reason)
    elif result.task_path.endswith("build_editions_task") and arguments.get("record_ids"):
        _give_up_editions(arguments["record_ids"], reason)


def _give_up_editions(record_ids, reason):
    for record in PrintEdition.objects.filter(pk__in=record_ids):
        partial_path(record).unlink(missing_ok=True)
        if record.status in (RunStatus.PENDING, RunStatus.RUNNING):
            record.status = RunStatus.FAILED
            record.error = reason
            record.save(update_fields=["status", "error"])
