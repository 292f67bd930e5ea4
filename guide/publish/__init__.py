"""The static site: every public page rendered through the real Django/Wagtail stack.

`publish_site()` is the one entry point: `manage.py publish`, the admin's "Publier le
site" button, the background task (cms.ops.tasks) and scheduled publishes all call it.
It runs these steps, one module each:

1. render.py  — fetching/rendering: ask the application for every page (Django's test
   client, with a shortcut for the guide's routes) and the non-page files (404,
   sitemap, robots.txt, search index). A NEW PAGE TYPE needs no code here: add its
   address to `ParticipezPage.static_paths()` (cms/pages/models.py) and it is
   published; a new non-page file goes in `render.EXTRA_FILES`. Many pages to render
   (a full publish) are shared among forked processes, one per core (parallel.py).
2. links.py   — link rewriting: absolute links become relative to each page.
3. assets.py  — the stylesheets, scripts, fonts, media and PDF guides pages reference.
4. write.py   — writing: only changed files, atomically, under a lock; the manifest
   records what was written, and what the next publish may reuse (each page's key, the
   entries' versions).
5. POST_STEPS — run after the files are on disk. A post-step is a callable
   `step(out_dir, build)` that may add warnings to `build.warnings`; add it to
   `POST_STEPS` below. It must leave the folder usable if it fails (raise PublishError
   with a French message).
6. search_index.py — the static search (its rules and Pagefind's bundle) is NOT built
   here: it reads every page and every entry, seconds at city scale, whatever the edit.
   The run says whether it is due (`run.search_due`); guide.tasks queues
   `build_search()` on the background worker, `manage.py publish` runs it inline.
"""

import ctypes
import gc
import logging
import platform
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cms.core.static_export import EXPORT_ENVIRON_KEY, is_static_export
from cms.entries.published import content_snapshot
from guide.models import PublishRun, RunStatus

from .assets import add_assets, add_pdfs, asset_source, pdf_files
from .build import PublishError, SiteBuild
from .dependencies import content_index
from .links import output_path, referenced_assets, rewrite_links
from .render import Renderer, publishing_context, render_site
from .search_index import build_search, search_is_due
from .write import (
    MANIFEST_NAME,
    digest,
    discard_staged,
    exclusive,
    read_entry_cache,
    read_pages,
    write_site,
)

__all__ = [
    "EXPORT_ENVIRON_KEY",
    "MANIFEST_NAME",
    "POST_STEPS",
    "PublishError",
    "Renderer",
    "SiteBuild",
    "add_assets",
    "build_search",
    "pdf_files",
    "asset_source",
    "is_static_export",
    "output_path",
    "publish_site",
    "publishing_context",
    "referenced_assets",
    "render_site",
    "rewrite_links",
    "write_site",
]

logger = logging.getLogger(__name__)

# Callables `step(out_dir, build)` run in order once the files are written.
POST_STEPS = []

# Former names, kept because tests replace them on this module (monkeypatch).
_add_assets = add_assets
_add_pdfs = add_pdfs


# A publish holds every published entry in memory and allocates millions of short-lived
# objects while it renders: at Python's default threshold (700) the collector runs
# thousands of times, each time walking those entries, about a quarter of a full publish
# at 2,000 entries. A higher threshold for the publish only (restored after) keeps what
# it frees the same, collected less often.
PUBLISH_GC_THRESHOLD = (100_000, 50, 1000)


@contextmanager
def fewer_collections():
    saved = gc.get_threshold()
    gc.set_threshold(*PUBLISH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


# glibc's malloc hands freed memory back to the system as soon as 128 kB lie free at the
# top of its heap, and serves blocks over its mmap threshold with mmap. A publish makes
# and frees hundreds of blocks of 100-700 kB a second (the finder's pages, their card
# lists), so the same memory went back and forth, faulted in again page by page each
# time: 160,000 page faults in one renderer at 2,000 entries, about 0.3 s of system time
# per process. During a publish the heap keeps what is freed (the peak memory does not
# change: 260-270 MB either way); malloc_trim() hands it back afterwards.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
PUBLISH_TRIM_THRESHOLD = 256 << 20
PUBLISH_MMAP_THRESHOLD = 32 << 20
GLIBC_DEFAULT_THRESHOLD = 128 << 10


def _glibc():
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


@contextmanager
def roomy_heap():
    libc = _glibc()
    if libc is None:
        yield
        return
    libc.mallopt(M_TRIM_THRESHOLD, PUBLISH_TRIM_THRESHOLD)
    libc.mallopt(M_MMAP_THRESHOLD, PUBLISH_MMAP_THRESHOLD)
    try:
        yield
    finally:
        libc.mallopt(M_TRIM_THRESHOLD, GLIBC_DEFAULT_THRESHOLD)
        libc.mallopt(M_MMAP_THRESHOLD, GLIBC_DEFAULT_THRESHOLD)
        libc.malloc_trim(0)


def publish_site(out_dir=None, user=None, run=None, base_url=None):
    """Publish the static site into `out_dir`; returns the PublishRun that records it.

    `user` is recorded as who published; `run`, a PublishRun created beforehand (the
    admin and the task queue show it as pending), is updated instead of a new one;
    `base_url` is the static site's public address (default STATIC_SITE_URL).

    Never raises for a failed publish: the run says FAILED and why, so a background task
    and the admin view can report it. `run.search_due` (not a database field) says
    whether the static search must be built again (`build_search`).
    """
    out_dir = Path(out_dir or settings.PUBLISH_OUTPUT_DIR).resolve()
    if run is None:
        run = PublishRun.objects.create(user=user if _is_user(user) else None)
    run.status = RunStatus.RUNNING
    run.output_dir = str(out_dir)
    run.save(update_fields=["status", "output_dir"])
    started = time.monotonic()
    run.pages_rendered = 0
    run.search_due = False

    saved_at = [started]

    def progress(done, total):
        # At most once a second: a publish after one edit goes through thousands of
        # unchanged pages in well under that, and each save costs a few milliseconds.
        percent = int(done * 90 / total)
        now = time.monotonic()
        if percent >= run.progress + 10 and now - saved_at[0] >= 1:
            saved_at[0] = now
            run.progress = percent
            run.save(update_fields=["progress"])

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with exclusive(out_dir), fewer_collections(), roomy_heap():
            try:
                with publishing_context(base_url) as renderer, content_snapshot():
                    index = content_index(read_entry_cache(out_dir))
                    # The pages are written beside their place while they are rendered,
                    # and renamed into place by write_site() once all are.
                    build = render_site(renderer, progress, read_pages(out_dir), stage_in=out_dir)
                add_assets(build, build.assets)
                _add_pdfs(build)
                written = write_site(build, out_dir)
            except BaseException:
                # A failed publish leaves the site as it was: its staged pages go.
                discard_staged(out_dir)
                raise
            run.pages_written, run.pages_unchanged, run.pages_removed = written
            for step in POST_STEPS:
                step(out_dir, build)
            # What was published, byte for byte: equal fingerprints, identical sites.
            run.fingerprint = digest((out_dir / MANIFEST_NAME).read_bytes())[:16]
            run.search_due = search_is_due(out_dir, index)
        run.error = "\n".join(build.warnings)
        # Not a database field: callers (tests, the bench, the command) read it after the run.
        run.pages_rendered = len(build.rendered)
        run.status = RunStatus.SUCCESS
        run.progress = 100
    except Exception:
        logger.exception("Publish failed")
        run.status = RunStatus.FAILED
        run.error = traceback.format_exc(limit=5)
    run.finished_at = timezone.now()
    run.save()
    run.duration = time.monotonic() - started
    return run


def _is_user(user):
    return user is not None and getattr(user, "is_authenticated", False)
