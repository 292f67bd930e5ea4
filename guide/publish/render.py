"""Fetching and rendering: every public page asked of the application as a browser would.

`render_site()` is where page types come from: `public_paths()` (cms.pages.views) lists
the addresses, then the files that are not pages (404, sitemap, robots.txt) are asked
for by name in `EXTRA_FILES`. The search (its rules and Pagefind's bundle) is built
after the publish, by search_index.build_search.
"""

from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.utils import translation
from django.views.defaults import page_not_found

from wagtail import hooks
from wagtail.models import Site
from wagtail.wagtail_hooks import check_view_restrictions

from cms.core.static_export import EXPORT_ENVIRON_KEY
from cms.entries import published
from cms.pages import views as page_views
from cms.pages.addresses import guide_root
from cms.pages.models import ParticipezPage

from .build import PublishError, SiteBuild
from .dependencies import content_index, extra_file_key, guide_route, page_key
from .links import output_path, rewrite_page
from .parallel import refused_database, render_all
from .write import discard_staged, read_manifest, stage

NOT_FOUND_PROBE = "/page-introuvable-publication/"
# Files that are not HTML pages, copied as the application serves them.
EXTRA_FILES = ["/sitemap.xml", "/robots.txt"]


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
        self.client = Client(HTTP_HOST=host)
        self.client.defaults[EXPORT_ENVIRON_KEY] = True
        self.factory = RequestFactory(HTTP_HOST=host)
        self.site = Site.objects.filter(is_default_site=True).first()
        guide = ParticipezPage.objects.live().public().first()
        # A page behind a password or login must not be exported by the shortcut.
        self.guide = guide if guide and not guide.get_view_restrictions().exists() else None
        # Asked for every page; computed once.
        self.prefix = self.guide.url if self.guide else None

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
        prefix = self.prefix
        if not path.startswith(prefix) or "?" in path:
            return None
        try:
            view, args, kwargs = self.guide.resolve_subpage(path[len(prefix) - 1 :])
        except Http404:
            return None
        request = self.factory.get(path, **{EXPORT_ENVIRON_KEY: True})
        request.user = AnonymousUser()
        request._wagtail_site = self.site
        # As Page.serve() sets it: base.html asks every page, and a missing attribute
        # costs Django's templates a failed lookup and three exceptions.
        request.is_preview = False
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


def render_page(renderer, path):
    """One page: its bytes with relative links, and the assets it references."""
    response = renderer.get(path)
    if response.status_code != 200:
        raise PublishError(f"La page {path} répond {response.status_code}.")
    return rewrite_page(response.content, path)


# Routes of the guide page whose view reads the database beyond what _read_shared() read
# (the search pages: the actions, the synonyms, the promotions; a second at 2,000 entries).
DATABASE_ROUTES = frozenset({"search_page", "search_a_to_z"})


def reads_database(index, renderer, path):
    """Whether rendering this page reads the database: the pages outside the guide
    page's routes (Wagtail's own pages, served through the full stack) and
    DATABASE_ROUTES. A publish renders them in its own process (parallel.render_all)."""
    if path.startswith(index.consultations_prefix):
        return True  # a consultation's page reads its form and its state
    route = guide_route(index, renderer.guide, renderer.prefix, path)[0]
    return route is None or route in DATABASE_ROUTES


def _read_shared():
    """Before the pages are rendered in forked processes: what they all read."""
    published.read_shared()
    guide_root()


# {key: addresses} of this process's last publish (_site_paths).
_kept_paths = {}


def _compute_paths(index):
    # Looked up at call time: tests replace it. The kept facts spare reading every entry.
    return page_views.public_paths(index.finder_facts)


def _site_paths(index):
    """(every address of the site, whether it was computed now). Kept for the process:
    after an edit that changes no entry's card or finder facts (a text, a contact), the
    list is the same, and computing it is a tenth of such a publish at 2,000 entries.
    It depends on the entries' kinds, slugs and facts (their cards and facts), and on
    what `common` covers: the tree of pages and which are public, the consultations,
    the actions, the guide's frame, the code."""
    key = (page_views.public_paths, index.common, index.all_cards, index.all_facts)
    paths = _kept_paths.get(key)
    if paths is not None:
        return paths, False
    paths = _compute_paths(index)
    _kept_paths.clear()
    _kept_paths[key] = paths
    return paths, True


def render_site(renderer, progress=None, previous=None, cache=None, stage_in=None):
    """Ask the application for every page whose key changed; returns the SiteBuild.

    `previous`: {file: {"key", "assets"}} of the last publish (write.read_pages); a file
    whose key is the same is reused as it is, without rendering. `cache`: the entries'
    versions the last publish kept (write.read_entry_cache).

    Without `stage_in`, nothing is written: the pages' bytes are in `build.files`. With
    `stage_in` (the output folder), each process that renders a page writes it there
    under a temporary name (write.stage) and `build.staged` says where; write_site()
    renames them into place, or discard_staged() removes them if the publish fails.
    """
    previous = previous or {}
    index = content_index(cache)
    build = SiteBuild()

    def unchanged(target, key):
        state = previous.get(target)
        if state is None or state["key"] != key:
            return False
        build.reused.add(target)
        build.pages[target] = state
        build.assets.update(state["assets"])
        return True

    def add(target, key, path, content, assets):
        if isinstance(content, tuple):  # staged: (temporary path, digest)
            build.staged[target] = content
        else:
            build.files[target] = content
        build.pages[target] = {"key": key, "assets": sorted(assets)}
        build.assets.update(assets)
        build.rendered.append(path)

    paths, paths_computed = _site_paths(index)
    todo = []
    for path in paths:
        target = output_path(path)
        key = page_key(index, renderer.guide, renderer.prefix, path)
        if not unchanged(target, key):
            todo.append((target, key, path))
    skipped = len(paths) - len(todo)
    if progress and paths:
        progress(skipped, len(paths))
    # The 404 page, the sitemap and robots.txt go through the full stack and the database
    # (the sitemap reads every page: 0.4 s at 2,000 entries): rendered here while the
    # children render pages, added after the pages as before.
    others = []

    def render_others():
        key = index.key("404")
        if not unchanged("404.html", key):
            html = renderer.not_found_page()
            site_prefix = urlsplit(settings.STATIC_SITE_URL).path.rstrip("/")
            content, assets = rewrite_page(html, "/", prefix=site_prefix)
            others.append(("404.html", key, NOT_FOUND_PROBE, content.encode("utf-8"), assets))
        for path in EXTRA_FILES:
            target = output_path(path)
            key = extra_file_key(index, path, paths)
            if unchanged(target, key):
                continue
            response = renderer.client.get(path)
            if response.status_code != 200:
                raise PublishError(f"{path} répond {response.status_code}.")
            others.append((target, key, path, response.content, set()))

    # On every core when there are many (parallel.py); the result is the same either way.
    manifest = read_manifest(stage_in) if stage_in is not None else {}
    folders = set()  # each process's own: a child adds to its copy

    def render_one(item):
        content, assets = render_page(renderer, item[2])
        if stage_in is None or refused_database():
            # Not staged: no output folder, or a child's page that needed the database
            # (given back and rendered by the parent: nothing of this attempt is written).
            return content, assets
        return stage(stage_in, item[0], content, manifest, folders), assets

    lost = []
    pages = render_all(
        todo,
        render_one,
        progress=progress and (lambda done: progress(skipped + done, len(paths))),
        # Computing the addresses memoises what the pages read too (the guide's actions,
        # its frame): when they were kept from an earlier publish, computed for that.
        prepare=_read_shared if paths_computed else lambda: (_read_shared(), _compute_paths(index)),
        alongside=render_others,
        here=lambda item: reads_database(index, renderer, item[2]),
        lost=lost,
    )
    if lost and stage_in is not None:
        # A renderer that died may have staged pages: rendered again here, under this
        # process's temporary names; its own are removed.
        discard_staged(stage_in, lost)
    for (target, key, path), page in zip(todo, pages, strict=True):
        add(target, key, path, *page)
    for other in others:
        add(*other)
    build.entry_cache = index.state()
    return build
