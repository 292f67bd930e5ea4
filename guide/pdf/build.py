"""PDFs built once per published content, kept under MEDIA_ROOT/guides/ and recorded as
PrintEdition rows. Only the worker (guide.tasks), `build_pdf` and `make setup` build them;
web requests and the static site serve the last good edition (`latest_pdf`)."""

import ctypes
import gc
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cms.entries.published import content_snapshot
from guide.models import PrintEdition, RunStatus

from .editions import DEFAULT_EDITIONS
from .imprint import imprint_warnings
from .layout import layout_fingerprint
from .render import PdfOptions, render_pdf, typeset_job
from .typeset import TypesetError, exec_typesetter, read_result
from .version import edition_version, edition_versions

logger = logging.getLogger(__name__)

GUIDES_DIR = "guides"


def edition_fingerprint(options):
    """The version of the content this edition shows (guide.pdf.version): the entries
    that serve it, their sections, the frame, its mairie, and the renderer's layout."""
    return edition_version(options.arrondissement)


def partial_path(record):
    """Where the build of `record` writes before the rename: named after the record, so a
    retried task (its worker killed) finds and removes what the dead one left."""
    return Path(settings.MEDIA_ROOT) / GUIDES_DIR / f".partial-{record.pk}.pdf"


# How many of an edition's newest good records are looked at for a file still on disk.
CANDIDATES = 5


def _served():
    """The good editions residents may be given, newest first."""
    return PrintEdition.objects.filter(
        paper="a5", marks=False, is_preview=False, status=RunStatus.SUCCESS
    ).order_by("-created_at")


def _on_disk(record):
    return bool(record.file) and (Path(settings.MEDIA_ROOT) / record.file.name).exists()


def latest_edition(edition="screen", arrondissement=None):
    """The newest good PrintEdition of this kind whose file exists, whatever its content
    version: what residents get while a newer one is being built."""
    candidates = _served().filter(edition=edition, arrondissement=arrondissement)
    return next((record for record in candidates[:CANDIDATES] if _on_disk(record)), None)


def latest_pdfs():
    """{(edition, arrondissement): path} of latest_pdf() for every edition built, in one
    query: a publish asks for the 22 of them (4 ms each at a query apiece)."""
    # The newest of each kind, as many as latest_edition() looks at: editions are never
    # pruned, and a publish must not read them all.
    newest = Window(
        RowNumber(),
        partition_by=[F("edition"), F("arrondissement")],
        order_by=[F("created_at").desc(), F("pk").desc()],
    )
    records = (
        _served()
        .annotate(rank=newest)
        .filter(rank__lte=CANDIDATES)
        .only("edition", "arrondissement", "file", "created_at")
    )
    found = {}
    for record in records:
        kind = (record.edition, record.arrondissement)
        if kind not in found and _on_disk(record):
            found[kind] = Path(settings.MEDIA_ROOT) / record.file.name
    return found


def latest_pdf(edition="screen", arrondissement=None):
    """Path of the newest good PDF of this edition, or None if none was ever built."""
    record = latest_edition(edition, arrondissement)
    return Path(settings.MEDIA_ROOT) / record.file.name if record else None


def edition_filename(options, fingerprint):
    return f"{GUIDES_DIR}/guide-{options.slug()}-{fingerprint}-{layout_fingerprint()}.pdf"


def find_cached(options, fingerprint):
    name = edition_filename(options, fingerprint)
    for edition in PrintEdition.objects.filter(
        fingerprint=fingerprint, file=name, status=RunStatus.SUCCESS, is_preview=False
    ):
        path = Path(settings.MEDIA_ROOT) / edition.file.name
        if path.exists():
            return edition, path
    return None, None


def get_or_build_pdf(
    edition="screen",
    arrondissement=None,
    user=None,
    paper="a5",
    marks=False,
    force=False,
    record=None,
    fingerprint=None,
):
    """Path of the PDF of the published guide, rebuilt only when published content changed.

    `user` is recorded as who built it when a build happens. `record`, a PrintEdition
    queued beforehand (pending, or running when a killed worker's task is retried), is
    the one filled in; it is deleted when the cached PDF is still current. `fingerprint`,
    the edition's version when the caller read it already (build_editions reads every
    edition's version before the content, so a change made meanwhile is never recorded
    as built).
    """
    options = PdfOptions(edition=edition, paper=paper, arrondissement=arrondissement, marks=marks)
    cached, record = start_build(
        options, user=user, force=force, record=record, fingerprint=fingerprint
    )
    if cached is not None:
        return cached
    try:
        result = render_pdf(options, partial_path(record))
    except Exception as error:
        fail_build(options, record, error)
        raise
    return finish_build(options, record, result)


def start_build(options, user=None, force=False, record=None, fingerprint=None):
    """(path of the cached PDF, None) when it still shows the published content, else
    (None, the PrintEdition now running, whose file is to be written at its
    partial_path). The arguments are get_or_build_pdf's."""
    if fingerprint is None:
        fingerprint = edition_fingerprint(options)
    if not force:
        _, path = find_cached(options, fingerprint)
        if path is not None:
            if record is not None:
                partial_path(record).unlink(missing_ok=True)
                record.delete()
            return path, None
    if record is None:
        record = PrintEdition.objects.create(
            built_by=user if getattr(user, "is_authenticated", False) else None,
            edition=options.edition,
            paper=options.paper,
            arrondissement=options.arrondissement,
            marks=options.marks,
            fingerprint=fingerprint,
            status=RunStatus.RUNNING,
        )
    else:
        record.fingerprint = fingerprint
        record.status = RunStatus.RUNNING
        record.error = ""
        record.save(update_fields=["fingerprint", "status", "error"])
    # Written beside the target then renamed: a reader never gets a half-written file.
    partial = partial_path(record)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.unlink(missing_ok=True)
    return None, record


def finish_build(options, record, result):
    """The written partial file of `record` renamed to its edition's name and recorded
    as built; its path."""
    name = edition_filename(options, record.fingerprint)
    target = Path(settings.MEDIA_ROOT) / name
    try:
        partial_path(record).replace(target)
    except OSError as error:
        fail_build(options, record, error)
        raise
    record.file.name = name
    record.page_count = result.page_count
    record.size_bytes = result.size_bytes
    record.status = RunStatus.SUCCESS
    record.save(update_fields=["file", "page_count", "size_bytes", "status"])
    logger.info("PDF %s built at %s: %s pages", options.slug(), timezone.now(), result.page_count)
    if options.is_print:
        for warning in imprint_warnings():
            logger.warning("PDF %s: %s", options.slug(), warning)
    return target


def fail_build(options, record, error):
    """`record` marked failed with the reason; no partial file left behind."""
    partial_path(record).unlink(missing_ok=True)
    record.status = RunStatus.FAILED
    record.error = repr(error)
    record.save(update_fields=["status", "error"])
    logger.error("PDF build failed: %s", options, exc_info=error)


def job_path(record):
    return partial_path(record).with_suffix(".job.json")


def result_path(record):
    return partial_path(record).with_suffix(".result.json")


def typeset_elsewhere(options, record, then):
    """Render the HTML of `record`'s edition here, then replace this process with the
    typesetter (typeset.exec_typesetter), which writes the file and execs `then`, a
    command line that calls resume_build. Only returns by raising, the build recorded as
    failed."""
    try:
        job = typeset_job(options, partial_path(record))
        # The typesetter opens no database; a server should not wait for this one.
        connections.close_all()
        exec_typesetter(job, job_path(record), result_path(record), then)
    except Exception as error:
        job_path(record).unlink(missing_ok=True)
        fail_build(options, record, error)
        raise


def resume_build(options, record):
    """The path of `record`'s PDF once the typesetter came back (typeset_elsewhere), or
    TypesetError with its reason, the build recorded as failed."""
    try:
        result = read_result(result_path(record))
    except TypesetError as error:
        fail_build(options, record, error)
        raise
    return finish_build(options, record, result)


# --- the editions kept built, and which of them are stale ----------------------------------


def kept_editions():
    """[(edition, arrondissement)] rebuilt after each change that shows in them: the
    Paris-wide defaults, and every arrondissement edition built once (make setup builds
    the 20 screen ones; a mairie's print edition joins once built with build_pdf)."""
    kept = [(edition, None) for edition in DEFAULT_EDITIONS]
    built = (
        PrintEdition.objects.filter(
            paper="a5", marks=False, is_preview=False, status=RunStatus.SUCCESS
        )
        .exclude(arrondissement=None)
        .values_list("edition", "arrondissement")
        .distinct()
    )
    kept += sorted(set(built))
    return kept


def newest_versions():
    """{(edition, arrondissement): fingerprint of its newest good a5 build whose file is
    still there}, in two queries whatever the number of past editions."""
    newest = (
        PrintEdition.objects.filter(
            paper="a5", marks=False, is_preview=False, status=RunStatus.SUCCESS
        )
        .values("edition", "arrondissement")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    found = {}
    for record in PrintEdition.objects.filter(pk__in=list(newest)):
        if record.file and (Path(settings.MEDIA_ROOT) / record.file.name).exists():
            found[(record.edition, record.arrondissement)] = record.fingerprint
    return found


def stale_editions(kept=None, versions=None):
    """The kept editions whose newest build does not show the content published now;
    `versions`, a dict, receives the current version of each (by arrondissement)."""
    kept = kept_editions() if kept is None else kept
    current = edition_versions({arrondissement for _edition, arrondissement in kept})
    if versions is not None:
        versions.update(current)
    versions = current
    built = newest_versions()
    return [key for key in kept if built.get(key) != versions[key[1]]]


def release_memory():
    """Free the laid-out document of the edition just written before the next one (the
    batch's peak stays that of its largest edition) and hand the freed pages back to the
    system, so that a worker does not hold a 10x guide's memory between tasks."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused, just not returned
        pass


def build_editions(records, user=None):
    """Build the editions of `records` (queued PrintEditions) in this one process.

    The versions are read first and the content once after them (a content snapshot),
    the stylesheets, fonts and ICC profile are parsed once (typeset.styles_for): each
    edition only pays for its own layout and file. An edition that fails is recorded as
    failed on its record and the others are still built.
    Returns ([(record, path, rebuilt)], [(record, error)]).
    """
    # Claimed before the versions are read: from now on a new change no longer counts
    # these editions as waiting (guide.tasks.queue_stale_editions) and queues its own
    # build, since this one may already be reading the content as it was.
    PrintEdition.objects.filter(pk__in=[record.pk for record in records]).update(
        status=RunStatus.RUNNING
    )
    for record in records:
        record.status = RunStatus.RUNNING
    versions = edition_versions({record.arrondissement for record in records})
    done, failed = [], []
    with content_snapshot():
        for record in records:
            try:
                path = get_or_build_pdf(
                    edition=record.edition,
                    arrondissement=record.arrondissement,
                    user=user,
                    record=record,
                    fingerprint=versions[record.arrondissement],
                )
            except Exception as error:  # get_or_build_pdf recorded it on the edition
                failed.append((record, error))
                continue
            finally:
                release_memory()
            rebuilt = PrintEdition.objects.filter(pk=record.pk).exists()
            done.append((record, path, rebuilt))
    return done, failed
