"""The one read path from the CMS to every output (web pages, static site, PDF, API).

Renderers read published content through these functions and never query entries
another way, so every output shows the same content in the same order.

Two kinds of readers:
- `published_entries()` returns a fresh queryset (relations prefetched) for callers
  that filter further, such as the API;
- `entries()`, `sections()`, `frame()`, `entries_by_address()` and `outline()` return
  lists. Inside `content_snapshot()` each of them is computed once and shared: the
  publisher renders thousands of pages in a row from content that does not change
  meanwhile. Outside a snapshot (a live request) they read afresh on every call.
"""

import hashlib
from collections import defaultdict

from modelcluster.queryset import FakeQuerySet

# The snapshot's store lives in cms.core; the renderers open it through this module.
from cms.core.snapshot import content_snapshot, in_snapshot, memo, memoised  # noqa: F401

from .models import (
    ENTRY_RELATIONS,
    Action,
    Arrondissement,
    Audience,
    Entry,
    FphFund,
    GuideFrame,
    Section,
    fund_order,
)

# --- fresh reads ---------------------------------------------------------------------------


def published_entries(arrondissement=None):
    """Published entries in the guide's order; with `arrondissement`, those that serve it."""
    entries = Entry.objects.published().in_guide_order().prefetch_related(*ENTRY_RELATIONS)
    if arrondissement is not None:
        entries = entries.in_arrondissement(arrondissement).in_guide_order()
    return entries


def published_sections():
    """The live sections in the guide's order (#1 to #5)."""
    return list(Section.objects.filter(live=True).order_by("number"))


def guide_frame():
    """The published frame (édito, closing page...), or None before load_guide has run."""
    return GuideFrame.published()


def guide_outline(arrondissement=None):
    """[(section, [entries...]), ...] in the guide's order, empty sections dropped."""
    return outline(arrondissement)


def content_version():
    """A short hash of what is published: equal versions mean identical outputs.

    Read from the publishing records rather than from the content itself: each published
    entry, section and frame by its live revision (every publication makes a new one;
    ids, not dates, so a backup restored by loaddata, which rounds dates, keeps it),
    plus what editors change without a revision (the order of entries in their section,
    the taxonomies, the FPH directory). An entry that unpublishes or expires leaves the
    published set, which changes the version too. PDF caching, API ETags and the
    background rebuilds all key on it.
    """
    entries = Entry.objects.published()
    records = [
        list(entries.order_by("pk").values_list("pk", "live_revision_id", "kind", "sort_order")),
        list(
            Section.objects.filter(live=True).order_by("pk").values_list("pk", "live_revision_id")
        ),
        list(
            GuideFrame.objects.filter(live=True)
            .order_by("pk")
            .values_list("pk", "live_revision_id")
        ),
        list(Audience.objects.order_by("pk").values_list("pk", "code", "label", "sort_order")),
        list(
            Arrondissement.objects.order_by("number").values_list(
                "number", "mairie_name", "mairie_address", "mairie_phone", "mairie_url"
            )
        ),
        list(
            Action.objects.order_by("pk").values_list(
                "pk", "code", "label", "description", "sort_order"
            )
        ),
        list(
            FphFund.objects.filter(entry__in=entries)
            .order_by("pk")
            .values_list(*(f.attname for f in FphFund._meta.concrete_fields))
        ),
    ]
    return hashlib.sha256(repr(records).encode("utf-8")).hexdigest()[:16]


def content_fingerprint():
    """Former name of content_version(), kept for its callers."""
    return content_version()


# --- shared reads (memoised inside content_snapshot()) ------------------------------------


def related(entry, name):
    """The rows of one of the entry's relations, from what entries() prefetched when it
    did: `entry.contacts.all()` builds a new queryset at each call, and a publish asks
    each of two thousand entries for its relations several times."""
    cached = getattr(entry, "_prefetched_objects_cache", {})
    return cached[name] if name in cached else getattr(entry, name).all()


def entries():
    """All published entries in the guide's order, relations prefetched."""

    def read():
        published = Entry.objects.published()
        return with_relations(list(published.in_guide_order()), among=published)

    return memo("entries", read)


def with_relations(entries, among=None):
    """`entries` with their ENTRY_RELATIONS read as prefetch_related() reads them: one
    query per relation, and each entry's rows in its `_prefetched_objects_cache`, where
    `entry.contacts.all()` and related() find them.

    Without the manager and the queryset Django builds for every entry and relation
    (prefetch_one_level): for a publish's 2,000 entries that cost 1.3 s, before the
    pages could be rendered on every core, against 15 ms of SQL. Each entry's rows are
    held in a modelcluster FakeQuerySet (what a ClusterableModel's unsaved relations
    give), which filters, counts and orders in memory. The rows come in each model's
    default order, as prefetch_related() gives them; a row knows its entry.

    `among`: a queryset of entries that holds `entries`, whose SQL then selects the rows
    (a subquery) instead of the list of their ids: Django prepares each id of such a
    list in Python, 14,000 times for 2,000 entries. The rows of entries not in `entries`
    (published between the two reads) are left out.
    """
    by_pk = {entry.pk: entry for entry in entries}
    selected = list(by_pk) if among is None else among.values("pk")
    rows = {}
    for name in ENTRY_RELATIONS:
        relation = Entry._meta.get_field(name)
        found = rows[name] = defaultdict(list)
        if relation.many_to_many:  # audiences, actions, arrondissements: small tables
            through = relation.remote_field.through._meta
            source = through.get_field(relation.m2m_field_name()).attname
            target = through.get_field(relation.m2m_reverse_field_name()).attname
            tags = list(relation.related_model._default_manager.all())
            position = {tag.pk: index for index, tag in enumerate(tags)}
            pairs = through.model._default_manager.filter(**{f"{source}__in": selected})
            for entry_id, tag_id in pairs.values_list(source, target):
                if entry_id in by_pk:
                    found[entry_id].append(position[tag_id])
            for entry_id, positions in found.items():
                found[entry_id] = [tags[index] for index in sorted(positions)]
        else:  # the entry's own rows (contacts, key figures...), by their ParentalKey
            key = relation.field
            for row in relation.related_model._default_manager.filter(
                **{f"{key.attname}__in": selected}
            ):
                entry = by_pk.get(getattr(row, key.attname))
                if entry is None:
                    continue
                setattr(row, key.name, entry)
                found[entry.pk].append(row)
    models = {name: Entry._meta.get_field(name).related_model for name in ENTRY_RELATIONS}
    for entry in entries:
        cache = entry.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, model in models.items():
            cache[name] = FakeQuerySet(model, rows[name].get(entry.pk, []))
    return entries


def sections():
    return memo("sections", published_sections)


def frame():
    return memo("frame", guide_frame)


def mairie_rows():
    """{number: Arrondissement} of the 20 arrondissements, their mairie's contact details
    as editors filled them in (no drafts: saved is shown)."""
    return memo("mairies", lambda: {row.number: row for row in Arrondissement.objects.all()})


def entries_by_address():
    """{(kind, slug): entry} of the published entries."""
    return memo("by_address", lambda: {(e.kind, e.slug): e for e in entries()})


def entry_at(kind, slug):
    """The published entry at this address, or None.

    A live request (a page served by Wagtail, a preview) reads that one entry, so its
    cost does not grow with the guide; a publish picks it from the shared read once some
    page has made it, and until then reads that one entry too (a publish after one edit
    may render that entry's page alone).
    """
    if memoised("entries"):
        return entries_by_address().get((kind, slug))
    return memo(
        ("entry_at", kind, slug),
        lambda: published_entries().filter(kind=kind, slug=slug).first(),
    )


def funds(arrondissement=None):
    """The FPH funds of the published entries, by arrondissement, in the guide's order."""

    def compute():
        rows = [fund for entry in entries() for fund in entry.fph_funds.all()]
        return sorted(rows, key=fund_order)

    if in_snapshot():
        rows = memo("funds", compute)
        return [f for f in rows if arrondissement is None or f.arrondissement == arrondissement]
    rows = FphFund.objects.filter(entry__in=Entry.objects.published())
    if arrondissement is not None:
        rows = rows.filter(arrondissement=arrondissement)
    rows = sorted(
        rows.order_by("entry__sort_order", "entry_id", "sort_order", "pk"),
        key=fund_order,
    )
    return rows


def read_shared():
    """Read now, into the open snapshot, what any page of a publish may need from the
    database: a build that renders in forked processes (guide.publish.parallel) reads it
    once before forking instead of once in each process."""
    entries()
    sections()
    frame()
    mairie_rows()
    funds()


def outline(arrondissement=None):
    """[(section, [entries...]), ...] in the guide's order, empty sections dropped.

    With `arrondissement`, only the entries that serve it (citywide or listed); a live
    request reads only those.
    """
    if arrondissement is not None and not in_snapshot():
        selected = list(published_entries(arrondissement))
    else:
        selected = [e for e in entries() if arrondissement is None or e.applies_to(arrondissement)]
    result = []
    for section in sections():
        in_section = [e for e in selected if e.kind == section.kind]
        if in_section:
            result.append((section, in_section))
    return result
