"""Parts of a page rendered once per content version and reused by every page that shows them.

An entry's card reads the same on its section, its démarche and every finder result that
lists it; an arrondissement's list is the same for every resident who opens it until
something is published. `{% once "name" a b %}…{% endonce %}` (participez_tags) renders
its content once for each value of its arguments, which must name everything the bytes
depend on besides the published content and the code (an entry's pk, a heading level,
an arrondissement…):

- in a publish (inside `content_snapshot()`, where content cannot change) the first
  rendering is kept in the snapshot, and dropped with it;
- on the live site, in Django's cache (Redis in production, the local cache in
  development), under a key that also holds the content version, the code version and
  the guide page's address: a publication, a deployment or a renamed guide page changes
  the key, so what was cached can never be served after it. Old keys simply expire.
- a preview (an editor's draft) never reads nor writes either store: it would show a
  published fragment instead of the draft, or leave the draft's bytes for residents.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from wagtail.models import Page

from cms.core.code_version import process_code_version
from cms.core.snapshot import in_snapshot, memo, memo_each
from cms.core.static_export import is_static_export
from cms.entries.addresses import guide_url
from cms.entries.published import content_version

logger = logging.getLogger(__name__)

# Keys carry the content version: a day is only how long an outdated one lingers.
LIVE_TIMEOUT = 24 * 3600
# Bumped when the development server sees a template or source file change (the running
# process keeps its code version, and must not keep serving what the old template gave),
# and when this process writes an entry or a page without a new revision (a loader, the
# shell, a test): content_version() reads revisions, and would not see that write.
_edits = {"generation": 0}


def forget_fragments(**kwargs):
    _edits["generation"] += 1


def content_written(sender, **kwargs):
    if sender._meta.app_label == "entries" or issubclass(sender, Page):
        forget_fragments()


# (generation, monotonic time, content_version()) of the last read in this process.
_version = {"last": (None, 0.0, None)}


def recent_content_version():
    """content_version(), read again at most every LIVE_VERSION_TTL seconds.

    It reads every published entry's revision and every FPH row: 13–19 ms per request at
    2,000 entries, most of what a live page's cost grew by with the guide. A write this
    process sees (an editor's publication through this server, a save, a delete) bumps
    the generation and is seen at once; a write by another process (the worker's
    scheduled publication, a second server) or an expiry date passing is seen at most
    LIVE_VERSION_TTL seconds late. Previews never read the fragments.
    """
    generation, read_at, version = _version["last"]
    now = time.monotonic()
    if generation == _edits["generation"] and now - read_at < settings.LIVE_VERSION_TTL:
        return version
    generation = _edits["generation"]
    version = content_version()
    # One assignment: a thread reading meanwhile sees the old triple or the new one.
    _version["last"] = (generation, now, version)
    return version


def is_preview(context):
    request = context.get("request")
    return bool(context.get("is_preview") or getattr(request, "is_preview", False))


def live_version(request):
    """What every live fragment depends on, read once per request."""
    version = getattr(request, "_participez_fragment_version", None)
    if version is None:
        # The frame also shows pages of the tree (the guide page's accessibility status,
        # the legal pages), which have revisions of their own and move without one.
        pages = (
            Page.objects.filter(live=True)
            .order_by("pk")
            .values_list("pk", "live_revision_id", "url_path")
        )
        version = "|".join(
            (
                recent_content_version(),
                hashlib.sha256(repr(list(pages)).encode()).hexdigest()[:16],
                process_code_version(),
                str(_edits["generation"]),
                guide_url("landing") or "",
            )
        )
        if request is not None:
            request._participez_fragment_version = version
    return version


def once(context, vary_on, render, live=True):
    """render() once per value of `vary_on` (see the module's docstring).

    live=False: kept in a publish's snapshot only, rendered each time on the live site,
    for the many small parts of a fragment that is itself kept (the items of a list):
    there, a cache round trip for each would cost more than rendering it.
    """
    if is_preview(context):
        return render()
    request = context.get("request")
    static_export = request is not None and is_static_export(request)
    if in_snapshot():
        return memo(("fragment", static_export, *vary_on), render)
    if request is None or not live:
        return render()
    payload = repr((live_version(request), static_export, *vary_on))
    key = "fragment:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()
    try:
        html = cache.get(key)
    except Exception:  # a dead Redis: the page is still served, rendered
        logger.warning("Cache injoignable : fragment %s rendu sans cache.", vary_on[0])
        return render()
    if html is None:
        html = render()
        try:
            cache.set(key, str(html), LIVE_TIMEOUT)
        except Exception:
            logger.warning("Cache injoignable : fragment %s non gardé.", vary_on[0])
    return html


def once_each(context, name, keys, render):
    """[once(context, (name, key), lambda: render(i), live=False) for i, key in
    enumerate(keys)]: the items of a list, the checks made once for the whole list."""
    if is_preview(context):
        return [render(i) for i in range(len(keys))]
    request = context.get("request")
    static_export = request is not None and is_static_export(request)
    return memo_each([("fragment", static_export, name, key) for key in keys], render)
