"""Editors' API (preview): the guide's entries as snippets on Wagtail 8's v3 API.

Wagtail's v3 API (django-ninja, mounted at /api/v3-preview/) serves every snippet model
that declares `api_fields`, at /api/v3-preview/snippets/<app.Model>/: list, detail,
create, update, revisions, publish. Every snippet route needs a bearer token
(wagtail.models.APIToken) whose user holds the snippet permissions; a create or update
saves a draft revision unless the body asks `"meta": {"action": "publish"}` and the user
may publish. The v3 API is a preview upstream: its routes may change in a minor release.

The API fields are declared here rather than on the model: what the editors' API exposes
is this app's decision, and the entries app keeps no API concerns.
"""

from wagtail.api import APIField

from cms.entries.models import Entry

ENTRY_API_FIELDS = (
    "kind",
    "group",
    "title",
    "short_name",
    "slug",
    "summary",
    "for_whom",
    "why",
    "how",
    "min_age",
    "max_age",
    "citywide",
)


def expose_entries_as_snippets():
    if not getattr(Entry, "api_fields", None):
        Entry.api_fields = [APIField(name, writable=True) for name in ENTRY_API_FIELDS]
