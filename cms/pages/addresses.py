"""The guide page's routes as paths: what `cms.entries.addresses.guide_url` resolves to.

The guide page's own address is cached (every page renders dozens of links) and
forgotten whenever a page is saved or deleted: a new slug, or a move in the tree,
moves every link at once.
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page

from cms.entries.published import memo

from .models import ParticipezPage

CACHE_KEY = "participez:guide-page-url"
# reverse_subpage() only needs the class's routes: one unsaved instance serves them all.
_routes = SimpleLazyObject(ParticipezPage)


def guide_root():
    """The guide page's path ("/<guide>/"), or "" while there is no live guide page."""
    # Once per content snapshot too: a publish's cache may be a small local one that
    # drops the key among thousands of others, and its forked renderers (guide.publish)
    # must find it without the database.
    return memo(("guide_root",), _guide_root)


def _guide_root():
    root = cache.get(CACHE_KEY)
    if root is None:
        page = ParticipezPage.objects.live().first()
        root = (page.url or "") if page else ""
        cache.set(CACHE_KEY, root, None)
    return root


def route_url(route_name, *args):
    """guide root + the route's own path: route_url("arrondissement", 18)."""
    # A publish asks for the same few thousand links tens of thousands of times: inside
    # its content snapshot each is resolved once (15 % of a full publish before).
    return memo(("route_url", route_name, args), lambda: _route_url(route_name, args))


def _route_url(route_name, args):
    root = guide_root()
    if not root:
        return ""
    return root + _routes.reverse_subpage(route_name, args=args)


def forget_guide_root(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.delete(CACHE_KEY)


def search_index_path():
    """The search index the static site's JavaScript reads, beside the search page."""
    search_page = route_url("search_page")
    return f"{search_page}index.json" if search_page else ""
