"""PDFs built once per published content, kept under MEDIA_ROOT/guides/ and recorded as
PrintEdition rows. Only the worker (guide.tasks), `build_pdf` and `make setup` build them;
web requests and the static site serve the last good edition (`latest_pdf`)."""

import hashlib
import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cms.entries.published import content_fingerprint
from guide.models import PrintEdition, RunStatus

from .imprint import imprint_warnings
from .render import PdfOptions, render_pdf

logger = logging.getLogger(__name__)

GUIDES_DIR = "guides"


@cache
def layout_fingerprint():
    """Hash of the templates, stylesheets, fonts and code of the renderer.

    A deployment that changes the layout must not serve a PDF cached with the old one,
    even though the content fingerprint is unchanged.
    """
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    folders = [
        base / "templates" / "print",
        base / "static" / "print",
        base / "static" / "fonts",
        Path(__file__).parent,
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def edition_fingerprint(options):
    """The version of the content this edition shows: the published guide (entries,
    sections, frame), not the pages or consultations, whose publication leaves it as is."""
    return content_fingerprint()


def partial_path(record):
    """Where the build of `record` writes before the rename: named after the record, so a
    retried task (its worker killed) finds and removes what the dead one left."""
    return Path(settings.MEDIA_ROOT) / GUIDES_DIR / f".partial-{record.pk}.pdf"


def latest_edition(edition="screen", arrondissement=None):
    """The newest good PrintEdition of this kind whose file exists, whatever its content
    version: what residents get while a newer one is being built."""
    candidates = PrintEdition.objects.filter(
        edition=edition,
        arrondissement=arrondissement,
        paper="a5",
        marks=False,
        is_preview=False,
        status=RunStatus.SUCCESS,
    ).order_by("-created_at")
    for record in candidates[:5]:
        if record.file and (Path(settings.MEDIA_ROOT) / record.file.name).exists():
            return record
    return None


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
):
    """Path of the PDF of the published guide, rebuilt only when published content changed.

    `user` is recorded as who built it when a build happens. `record`, a PrintEdition
    queued beforehand (pending, or running when a killed worker's task is retried), is
    the one filled in; it is deleted when the cached PDF is still current.
    """
    options = PdfOptions(edition=edition, paper=paper, arrondissement=arrondissement, marks=marks)
    fingerprint = edition_fingerprint(options)
    if not force:
        _, path = find_cached(options, fingerprint)
        if path is not None:
            if record is not None:
                partial_path(record).unlink(missing_ok=True)
                record.delete()
            return path

    name = edition_filename(options, fingerprint)
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if record is None:
        record = PrintEdition.objects.create(
            built_by=user if getattr(user, "is_authenticated", False) else None,
            edition=edition,
            paper=paper,
            arrondissement=arrondissement,
            marks=marks,
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
    partial.unlink(missing_ok=True)
    try:
        result = render_pdf(options, partial)
        partial.replace(target)
    except Exception as error:
        partial.unlink(missing_ok=True)
        record.status = RunStatus.FAILED
        record.error = repr(error)
        record.save(update_fields=["status", "error"])
        logger.exception("PDF build failed: %s", options)
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
