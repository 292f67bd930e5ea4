"""PDFs built once per published content, kept under MEDIA_ROOT/guides/ and recorded as
PrintEdition rows: a request, the publish command or `build_pdf` only pays for a rebuild
when an editor has published something since the last one."""

import hashlib
import logging
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cms.entries.published import content_fingerprint

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


def edition_filename(options, fingerprint):
    return f"{GUIDES_DIR}/guide-{options.slug()}-{fingerprint}-{layout_fingerprint()}.pdf"


def find_cached(options, fingerprint):
    from guide.models import PrintEdition, RunStatus

    name = edition_filename(options, fingerprint)
    for edition in PrintEdition.objects.filter(
        fingerprint=fingerprint, file=name, status=RunStatus.SUCCESS, is_preview=False
    ):
        path = Path(settings.MEDIA_ROOT) / edition.file.name
        if path.exists():
            return edition, path
    return None, None


def get_or_build_pdf(
    edition="screen", arrondissement=None, user=None, paper="a5", marks=False, force=False
):
    """Path of the PDF of the published guide, rebuilt only when published content changed.

    `user` is recorded as who built it when a build happens.
    """
    from guide.models import PrintEdition, RunStatus

    options = PdfOptions(edition=edition, paper=paper, arrondissement=arrondissement, marks=marks)
    fingerprint = content_fingerprint()
    if not force:
        _, path = find_cached(options, fingerprint)
        if path is not None:
            return path

    name = edition_filename(options, fingerprint)
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    record = PrintEdition.objects.create(
        built_by=user if getattr(user, "is_authenticated", False) else None,
        edition=edition,
        paper=paper,
        arrondissement=arrondissement,
        marks=marks,
        fingerprint=fingerprint,
        status=RunStatus.RUNNING,
    )
    # Written beside the target then renamed: a reader never gets a half-written file.
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".pdf", delete=False) as handle:
        partial = Path(handle.name)
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
    return target
