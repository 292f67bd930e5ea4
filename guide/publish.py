"""The static site: every public page rendered through the real Django/Wagtail stack.

`publish_site()` asks the application for each page with Django's test client (what
wagtail-bakery does, without its broken dependencies), rewrites links to relative ones
so the folder works at any address, adds the assets the pages use, the search index,
sitemap, robots.txt, 404 page and the PDF guides, then writes only the files whose
bytes changed and removes the ones the site no longer has.
"""

import fcntl
import hashlib
import json
import logging
import os
import posixpath
import re
import tempfile
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.views.defaults import page_not_found

from wagtail import hooks
from wagtail.wagtail_hooks import check_view_restrictions

from guide.models import PublishRun, RunStatus

logger = logging.getLogger(__name__)

MANIFEST_NAME = ".publish-manifest.json"
LOCK_NAME = ".publish.lock"
# Marks a request as made by the publisher (a WSGI environ key, which no HTTP header can set).
EXPORT_ENVIRON_KEY = "participez.static_export"
NOT_FOUND_PROBE = "/participez/page-introuvable-publication/"
PDF_FILES = {"screen": "participez/guide.pdf", "print": "participez/guide-impression.pdf"}

LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src|action|data-site-root)=")(/(?!/)[^"]*)"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class PublishError(Exception):
    pass


@dataclass
class SiteBuild:
    """The files of one publish, by path relative to the output folder."""

    files: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    kept: set = field(default_factory=set)


def is_static_export(request):
    return bool(request.META.get(EXPORT_ENVIRON_KEY))


def output_path(url_path):
    """'/participez/acteurs/' -> 'participez/acteurs/index.html'."""
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        return f"{relative}index.html"
    return relative


@lru_cache(maxsize=65536)
def _relative_path(path, start):
    relative = posixpath.relpath(path, start)
    if relative == ".":
        return "./"
    return relative + "/" if path.endswith("/") else relative


def relative_url(target, page_path):
    """The link from the page at `page_path` (a directory URL) to `target` (an absolute path)."""
    parts = urlsplit(target)
    start = page_path if page_path.endswith("/") else posixpath.dirname(page_path) + "/"
    relative = _relative_path(parts.path, start)
    if parts.query:
        relative += f"?{parts.query}"
    if parts.fragment:
        relative += f"#{parts.fragment}"
    return relative


def rewrite_links(html, page_path, prefix=None):
    """Absolute paths become relative to the page, or get `prefix` (the 404 page, served anywhere)."""

    def replace(match):
        target = match.group(2)
        new = f"{prefix}{target}" if prefix is not None else relative_url(target, page_path)
        return f'{match.group(1)}{new}"'

    return LINK_ATTRIBUTE.sub(replace, html)


def referenced_assets(text):
    """Absolute /static/ and /media/ paths referenced by a page."""
    found = set()
    for match in LINK_ATTRIBUTE.finditer(text):
        path = urlsplit(match.group(2)).path
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            found.add(path)
    return found


def asset_source(url_path):
    if url_path.startswith(settings.STATIC_URL):
        name = url_path[len(settings.STATIC_URL) :]
        if staticfiles_storage.exists(name) and hasattr(staticfiles_storage, "path"):
            return Path(staticfiles_storage.path(name))
        found = finders.find(name)
        return Path(found) if found else None
    name = url_path[len(settings.MEDIA_URL) :]
    path = Path(settings.MEDIA_ROOT) / name
    return path if path.exists() else None


class Renderer:
    """Gets pages from the application as a browser would, or nearly.

    Every address goes through the full stack (middleware, Wagtail's routing and serve
    hooks) with Django's test client, except the routes of the guide page (sections,
    entries, arrondissements...): there are thousands of them, and finding the site and
    the page again for each costs more than rendering it. Those are served like
    wagtail.views.serve does once it has routed: the serve hooks, then the page's view.
    tests/guide/test_publish.py checks both ways give the same bytes.
    """

    def __init__(self, host):
        from wagtail.models import Site

        from cms.pages.models import ParticipezPage

        self.client = Client(HTTP_HOST=host)
        self.client.defaults[EXPORT_ENVIRON_KEY] = True
        self.factory = RequestFactory(HTTP_HOST=host)
        self.site = Site.objects.filter(is_default_site=True).first()
        guide = ParticipezPage.objects.live().public().first()
        # A page behind a password or login must not be exported by the shortcut.
        self.guide = guide if guide and not guide.get_view_restrictions().exists() else None

    def not_found_page(self):
        """The project's French 404 page, even when the publishing settings have DEBUG on.

        Asking the application for a missing page would return Django's technical 404
        (English, every URL pattern listed) whenever DEBUG is on: render the handler's
        template ourselves instead.
        """
        request = self.factory.get(NOT_FOUND_PROBE, **{EXPORT_ENVIRON_KEY: True})
        request.user = AnonymousUser()
        request._wagtail_site = self.site
        response = page_not_found(request, Http404())
        return response.content.decode("utf-8")

    def get(self, path):
        response = self._routed(path) if self.guide else None
        return response if response is not None else self.client.get(path)

    def _routed(self, path):
        prefix = self.guide.url
        if not path.startswith(prefix) or "?" in path:
            return None
        try:
            view, args, kwargs = self.guide.resolve_subpage(path[len(prefix) - 1 :])
        except Http404:
            return None
        request = self.factory.get(path, **{EXPORT_ENVIRON_KEY: True})
        request.user = AnonymousUser()
        request._wagtail_site = self.site
        serve_args = [view, args, kwargs]

        def serve_chain(page, request, args, kwargs):
            return page.serve(request, *args, **kwargs)

        chain = serve_chain
        for fn in reversed(hooks.get_hooks("on_serve_page")):
            # Checked once in __init__: it costs a query per page, the answer is the same.
            if fn is not check_view_restrictions:
                chain = fn(chain)
        for fn in hooks.get_hooks("before_serve_page"):
            result = fn(self.guide, request, serve_args, {})
            if isinstance(result, HttpResponse):
                return result
        try:
            response = chain(self.guide, request, serve_args, {})
        except Http404:
            return None
        if hasattr(response, "render"):
            response.render()
        return response


@contextmanager
def publishing_context(base_url):
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    host = site.hostname if site else "localhost"
    with (
        override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host],
            STATIC_SITE_URL=(base_url or settings.STATIC_SITE_URL).rstrip("/"),
        ),
        translation.override(settings.LANGUAGE_CODE),
    ):
        yield Renderer(host)


def render_site(renderer, progress=None):
    """Ask the application for every page; returns the SiteBuild (nothing written yet)."""
    from cms.pages.views import public_paths

    build = SiteBuild()
    paths = public_paths()
    assets = set()
    for position, path in enumerate(paths):
        response = renderer.get(path)
        if response.status_code != 200:
            raise PublishError(f"La page {path} répond {response.status_code}.")
        html = response.content.decode("utf-8")
        assets |= referenced_assets(html)
        build.files[output_path(path)] = rewrite_links(html, path).encode("utf-8")
        if progress:
            progress(position + 1, len(paths))

    html = renderer.not_found_page()
    assets |= referenced_assets(html)
    site_prefix = urlsplit(settings.STATIC_SITE_URL).path.rstrip("/")
    build.files["404.html"] = rewrite_links(html, "/", prefix=site_prefix).encode("utf-8")

    for path in ["/sitemap.xml", "/robots.txt", "/participez/recherche/index.json"]:
        response = renderer.client.get(path)
        if response.status_code != 200:
            raise PublishError(f"{path} répond {response.status_code}.")
        build.files[output_path(path)] = response.content

    _add_assets(build, assets)
    _add_pdfs(build)
    return build


def _add_assets(build, assets):
    pending = sorted(assets)
    seen = set()
    while pending:
        url_path = pending.pop()
        if url_path in seen:
            continue
        seen.add(url_path)
        source = asset_source(url_path)
        if source is None:
            raise PublishError(f"Fichier introuvable : {url_path}")
        content = source.read_bytes()
        build.files[url_path.lstrip("/")] = content
        if url_path.endswith(".css"):
            # Fonts and images a stylesheet points to, resolved relative to it.
            for ref in CSS_URL.findall(content.decode("utf-8")):
                if ref.startswith(("data:", "http:", "https:", "#")):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(url_path), ref))
                pending.append(urlsplit(target).path)


def _add_pdfs(build):
    """The PDF guides; a failure is reported and the previous files, if any, are kept."""
    try:
        from guide.pdf import get_or_build_pdf
    except ImportError as error:
        build.warnings.append(f"Guides PDF non publiés : module indisponible ({error}).")
        build.kept.update(PDF_FILES.values())
        return
    for edition, target in PDF_FILES.items():
        try:
            build.files[target] = Path(get_or_build_pdf(edition)).read_bytes()
        except Exception as error:
            logger.exception("PDF %s failed during publish", edition)
            build.warnings.append(f"Guide PDF « {edition} » non publié : {error}")
            build.kept.add(target)


def _digest(content):
    return hashlib.sha256(content).hexdigest()


def _write_atomic(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".tmp-") as handle:
        handle.write(content)
    os.replace(handle.name, path)
    os.chmod(path, 0o644)


def write_site(build, out_dir):
    """Write changed files, delete the ones the site no longer has; returns the counts."""
    manifest_path = out_dir / MANIFEST_NAME
    try:
        previous = json.loads(manifest_path.read_text())
    except (FileNotFoundError, ValueError):
        previous = {}
    written = unchanged = removed = 0
    manifest = {}
    for relative, content in sorted(build.files.items()):
        digest = _digest(content)
        manifest[relative] = digest
        target = out_dir / relative
        if previous.get(relative) == digest and target.exists():
            unchanged += 1
            continue
        _write_atomic(target, content)
        written += 1
    for relative in build.kept:
        if relative in previous and (out_dir / relative).exists():
            manifest[relative] = previous[relative]
    for relative in sorted(set(previous) - set(manifest)):
        target = out_dir / relative
        if target.exists():
            target.unlink()
            removed += 1
        _prune_empty_dirs(target.parent, out_dir)
    _write_atomic(manifest_path, json.dumps(manifest, indent=0, sort_keys=True).encode())
    return written, unchanged, removed


def _prune_empty_dirs(directory, root):
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


@contextmanager
def _exclusive(out_dir):
    with open(out_dir / LOCK_NAME, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise PublishError("Une autre publication est déjà en cours.") from error
        yield


def content_snapshot():
    from cms.pages.snapshot import content_snapshot as snapshot

    return snapshot()


def publish_site(out_dir=None, user=None, run=None, base_url=None):
    """Publish the static site into `out_dir`; returns the PublishRun that records it.

    Never raises for a failed publish: the run says FAILED and why, so a background task
    and the admin view can report it.
    """
    out_dir = Path(out_dir or settings.PUBLISH_OUTPUT_DIR).resolve()
    if run is None:
        run = PublishRun.objects.create(user=user if _is_user(user) else None)
    run.status = RunStatus.RUNNING
    run.output_dir = str(out_dir)
    run.save(update_fields=["status", "output_dir"])
    started = time.monotonic()

    def progress(done, total):
        percent = int(done * 90 / total)
        if percent >= run.progress + 10:
            run.progress = percent
            run.save(update_fields=["progress"])

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with _exclusive(out_dir):
            with publishing_context(base_url) as renderer, content_snapshot():
                build = render_site(renderer, progress)
            run.pages_written, run.pages_unchanged, run.pages_removed = write_site(build, out_dir)
            # What was published, byte for byte: equal fingerprints, identical sites.
            run.fingerprint = _digest((out_dir / MANIFEST_NAME).read_bytes())[:16]
        run.error = "\n".join(build.warnings)
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
