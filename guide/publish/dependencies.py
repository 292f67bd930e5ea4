"""Which published pages show which content: the keys that let a publish skip pages.

Every file of the site gets a key, a hash of the versions of what it shows:

- `common`: what every page shows or may show around its content — the code and
  templates, the menus and sections, the guide frame, the Wagtail pages (their live
  revisions), the tags (actions, audiences), images and documents, the site's address;
- an entry's `detail` version (everything its page shows) for its own page and the search;
- an entry's `card` version (what lists show: title, excerpt texts, places, contacts,
  funds, tags) for the section, arrondissement, FPH and "comment participer" pages;
- an entry's `facts` version (what the finder's questions depend on).

Versions are hashes of the published data itself. Reading every entry with its rows to
hash them costs seconds at city scale, so they are kept between publishes in the output
folder (`.publish-entries.json`, see `EntryCache`), each under its entry's *stamp*: what
a cheap query reads of the publishing records (the live revision, the order, the
"vérifié le" date, the FPH rows that editors change without a revision). An entry whose
stamp changed is read again; the others are not read at all. What all entries' versions
depend on and that changes without a revision (the tags' labels, the arrondissements'
mairies, the code) makes a new generation: every entry is read again.

A page whose key is unchanged since the last publish is not rendered (render.render_site).

A NEW PAGE TYPE is safe without code here: a route of the guide page that has no rule in
`ROUTE_RULES`, or a Wagtail page type not in `PAGE_TYPES_WITHOUT_ENTRIES`, depends on
every entry's detail version (re-rendered after any edit). Add a rule to make it
incremental: `ROUTE_RULES["route_name"] = lambda index, kwargs: [...]`, reading the
precomputed versions of `ContentIndex` (a rule runs once per page, thousands of times).
"""

import hashlib
import json
from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.db.models import CharField, Model, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site

from cms.consultations.models import Consultation
from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from cms.core.code_version import files_fingerprint
from cms.entries.models import Action, Arrondissement, Audience, Entry, FphFund
from cms.entries.published import entries, frame, memo, published_entries, related, sections
from cms.pages import finder as finder_rules
from cms.pages.finder import Facts, action_slug
from cms.pages.models import KIND_BY_SLUG
from cms.pages.synonyms import SearchSynonym

# What a list shows of an entry; its page shows everything (`detail`).
CARD_FIELDS = (
    "id",
    "kind",
    "group",
    "title",
    "short_name",
    "slug",
    "summary",
    "for_whom",
    "why",
    "min_age",
    "max_age",
    "citywide",
    "arrondissements_are_examples",
    "sort_order",
)
# The entry page also shows "Comment ?" and "Mis à jour le" (presentation.updated_on).
DETAIL_FIELDS = ("how", "verified_on", "last_published_at")
CARD_RELATIONS = ("audiences", "actions", "arrondissements", "contacts", "fph_funds")
DETAIL_RELATIONS = (*CARD_RELATIONS, "key_figures", "links")
# The publishing records an entry's stamp is read from: a new live revision for every
# publication (its text, rows and tags), the order editors change in the listing, and the
# "vérifié le" date load_guide fills in without a revision. FPH rows (edited in their own
# listing, without a revision) are added to each entry's stamp.
STAMP_FIELDS = ("pk", "live_revision_id", "kind", "sort_order", "verified_on", "review_before")
# Below this many entries to read again, each is read by itself; above, the shared read
# that a publish rendering that much needs anyway.
FEW_ENTRIES = 50
NUMBER_BY_LABEL = {arrondissement_label(n): n for n in ARRONDISSEMENT_NUMBERS}
# Wagtail page types whose pages list no entry (their own content is in `common`).
PAGE_TYPES_WITHOUT_ENTRIES = {"HomePage", "StandardPage"}


def _hash(value):
    return hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()


def _hash_list(hashes):
    """The hash of a list of hashes (hex strings): joined rather than encoded as JSON, a
    third of the time. The finder's result pages alone hash some 200,000 cards in each
    publish, after one edit too."""
    return hashlib.sha256("\x1e".join(hashes).encode()).hexdigest()


def _row(obj):
    return [getattr(obj, field.attname) for field in obj._meta.concrete_fields]


def _table(model, **filters):
    return [_row(obj) for obj in model.objects.filter(**filters).order_by("pk")]


def _record(entry):
    """What the publish keeps of one entry between publishes (JSON): its versions and what
    the rules and the site's addresses ask of it."""
    relations = {name: [_row(row) for row in related(entry, name)] for name in DETAIL_RELATIONS}
    facts = [entry.pk, entry.citywide, entry.min_age, entry.max_age]
    facts += [relations[name] for name in CARD_RELATIONS]
    card = [getattr(entry, name) for name in CARD_FIELDS]
    card += [relations[name] for name in CARD_RELATIONS]
    detail = [*card, *(getattr(entry, name) for name in DETAIL_FIELDS)]
    detail += [relations["key_figures"], relations["links"]]
    finder = Facts(entry)
    actions = related(entry, "actions")
    return {
        "card": _hash(card),
        "detail": _hash(detail),
        "facts": _hash(facts),
        "kind": entry.kind,
        "slug": entry.slug,
        "citywide": entry.citywide,
        "examples": entry.arrondissements_are_examples,
        "numbers": sorted(a.number for a in related(entry, "arrondissements")),
        "finder_numbers": sorted(finder.numbers),
        "audiences": sorted(finder.audiences),
        "actions": sorted(a.code for a in actions),
        "action_slugs": sorted(action_slug(a) for a in actions),
        "fund_numbers": sorted({f.arrondissement for f in related(entry, "fph_funds")}),
    }


class EntryRecord:
    """One published entry as the rules see it (a record of the cache, or of a fresh read)."""

    def __init__(self, pk, data):
        self.pk = pk
        self.card = data["card"]
        self.detail = data["detail"]
        self.facts = data["facts"]
        self.kind = data["kind"]
        self.slug = data["slug"]
        self.citywide = data["citywide"]
        self.examples = data["examples"]
        self.numbers = set(data["numbers"])
        self.actions = set(data["actions"])
        self.action_slugs = set(data["action_slugs"])
        self.has_funds = bool(data["fund_numbers"])
        self.data = data

    def applies_to(self, number):
        """The arrondissement page's rule (Entry.applies_to): examples are shown everywhere."""
        return self.citywide or self.examples or number in self.numbers

    def finder_facts(self):
        """The finder's view of the entry, as far as the site's addresses depend on it."""
        data = self.data
        return Facts.summary(
            kind=self.kind,
            slug=self.slug,
            citywide=self.citywide,
            numbers=data["finder_numbers"],
            audiences=data["audiences"],
            fund_numbers=data["fund_numbers"],
        )


def stamps():
    """[(pk, stamp)] of the published entries in the guide's order: two cheap queries.

    The stamp is the STAMP_FIELDS joined into one text by the database, plus a hash of the
    entry's FPH rows: read through Django's converters (dates parsed one by one) and hashed in
    Python, it took 15 ms at 2,000 entries, a tenth of a publish after one edit."""
    published = Entry.objects.published()
    funds = defaultdict(list)
    fund_fields = [field.attname for field in FphFund._meta.concrete_fields]
    entry_column = fund_fields.index("entry_id")
    for row in FphFund.objects.filter(entry__in=published).order_by("pk").values_list(*fund_fields):
        funds[row[entry_column]].append(row)
    parts = []
    for name in STAMP_FIELDS[1:]:
        # "|" between fields; an empty field for NULL (none of them is an empty text).
        parts += [Value("|"), Coalesce(Cast(name, CharField()), Value(""))]
    rows = (
        published.in_guide_order()
        .annotate(publishing_stamp=Concat(*parts, output_field=CharField()))
        .values_list("pk", "publishing_stamp")
    )
    return [
        (pk, f"{stamp}|{_funds_hash(funds[pk])}" if pk in funds else stamp) for pk, stamp in rows
    ]


def _funds_hash(rows):
    # repr, not JSON: ids and text only.
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# {all_cards: {name: versions}} of the last publish's lists (ContentIndex._card_lists).
_kept_card_lists = {}

# {pk: EntryRecord} made by this process's last publishes: after one edit, all but one
# are made of the very versions read back from the state file (write._read_json, whose
# values are never changed in place), and 2,000 records are not made again.
_made_records = {}


class ContentIndex:
    """The versions of the published content of one publish, computed once.

    `cache`: what the previous publish kept (`state()`), {} for none.
    """

    def __init__(self, cache=None):
        self.cache = cache or {}

    @cached_property
    def code(self):
        """The code and templates as they are on disk (a walk of the folders: once)."""
        return files_fingerprint()

    @cached_property
    def generation(self):
        return _hash([self.code, self._tags])

    @cached_property
    def _tags(self):
        # Read once for `generation` and `common`: a query each, in every publish.
        return [_table(Action), _table(Audience), _table(Arrondissement)]

    @cached_property
    def _consultations(self):
        # Their state changes with the date; read once for `common` and `search_rules`.
        return [[_row(c), c.state()] for c in Consultation.objects.published().order_by("pk")]

    @cached_property
    def records(self):
        """[EntryRecord] of the published entries in the guide's order."""
        current = stamps()
        known = {}
        if self.cache.get("generation") == self.generation:
            known = self.cache.get("entries", {})
        changed = [pk for pk, stamp in current if known.get(str(pk), {}).get("stamp") != stamp]
        fresh = {}
        if len(changed) > FEW_ENTRIES:
            selected = set(changed)
            fresh = {e.pk: _record(e) for e in entries() if e.pk in selected}
        elif changed:
            fresh = {e.pk: _record(e) for e in published_entries().filter(pk__in=changed)}
        self.read_again = len(fresh)
        result = []
        kept = {}
        made, now = _made_records, {}
        for pk, stamp in current:
            key = str(pk)
            data = fresh.get(pk) or known.get(key)
            if data is None:  # unpublished between the two reads
                continue
            data = {**data, "stamp": stamp} if pk in fresh else data
            kept[key] = data
            record = made.get(pk)
            if record is None or record.data is not data:
                record = EntryRecord(pk, data)
            now[pk] = record
            result.append(record)
        _made_records.clear()
        _made_records.update(now)
        self._kept = kept
        return result

    def state(self):
        """What the next publish may reuse: every entry's versions under its stamp, and
        the route of each address of the guide page."""
        self.records  # noqa: B018 (computes _kept)
        return {
            "generation": self.generation,
            "entries": self._kept,
            "routes_generation": self._routes_generation,
            "routes": self._routes_used,
        }

    _routes_generation = None

    @cached_property
    def _routes_used(self):
        return {}

    def route_of(self, guide, prefix, path):
        """[route name, kwargs] of an address under the guide page ([None, None] if it is
        not one of its routes). Resolving thousands of addresses costs more than the rest
        of a publish after one edit; the answer only depends on the code and the guide
        page's address, so it is kept between publishes under those."""
        if self._routes_generation is None:
            self._routes_generation = _hash([self.code, prefix])
            known = {}
            if self.cache.get("routes_generation") == self._routes_generation:
                known = self.cache.get("routes", {})
            self._known_routes = known
        route = self._known_routes.get(path)
        if route is None:
            try:
                view, _args, kwargs = guide.resolve_subpage(path[len(prefix) - 1 :])
                route = [view.__name__, kwargs]
            except Http404:  # not a route of the guide: the safe rule of page_key
                route = [None, None]
        self._routes_used[path] = route
        return route

    @cached_property
    def common(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        section_rows = [_row(section) for section in sections()]
        guide_frame = frame()
        pages = Page.objects.live().order_by("path")
        return _hash(
            {
                "code": self.code,
                "settings": [settings.STATIC_SITE_URL, settings.LANGUAGE_CODE, settings.DEBUG],
                "sections": section_rows,
                "frame": _row(guide_frame) if isinstance(guide_frame, Model) else None,
                "pages": list(
                    pages.values_list(
                        "id", "url_path", "title", "slug", "live_revision_id", "last_published_at"
                    )
                ),
                "sites": _table(Site),
                # Which pages are public: the site's addresses (render._site_paths).
                "restrictions": _table(PageViewRestriction),
                "tags": self._tags,
                # Open consultations are announced in every page's footer.
                "consultations": self._consultations,
                "media": [_table(get_image_model()), _table(get_document_model())],
            }
        )

    @cached_property
    def page_types(self):
        """{url path: page class name} of the live Wagtail pages."""
        pages = Page.objects.live().public().specific()
        return {page.url: type(page).__name__ for page in pages if page.url}

    @cached_property
    def finder_facts(self):
        """The finder's facts the site's addresses depend on (cms.pages.views.public_paths)."""
        return [record.finder_facts() for record in self.records]

    # --- versions of the lists, each computed once per publish ---

    @cached_property
    def all_cards(self):
        return _hash_list([r.card for r in self.records])

    @cached_property
    def all_details(self):
        return _hash_list([r.detail for r in self.records])

    @cached_property
    def all_facts(self):
        return _hash_list([r.facts for r in self.records])

    @cached_property
    def details_by_address(self):
        # An entry's page depends on its detail only, a hash already.
        return {(r.kind, r.slug): r.detail for r in self.records}

    @cached_property
    def cards_by_kind(self):
        return self._card_list("kind", lambda: self._grouped_cards(lambda r: [r.kind]))

    @cached_property
    def cards_by_action_slug(self):
        return self._card_list("actions", lambda: self._grouped_cards(lambda r: r.action_slugs))

    @cached_property
    def cards_by_arrondissement(self):
        return self._card_list(
            "arrondissements",
            lambda: self._grouped_cards(
                lambda r: ARRONDISSEMENT_NUMBERS if r.applies_to(None) else sorted(r.numbers)
            ),
        )

    @cached_property
    def fph_cards(self):
        return self._card_list(
            "fph", lambda: _hash_list([r.card for r in self.records if r.has_funds])
        )

    def _grouped_cards(self, groups_of):
        grouped = defaultdict(list)
        for record in self.records:
            for group in groups_of(record):
                grouped[group].append(record.card)
        return defaultdict(
            lambda: _hash_list([]), {g: _hash_list(cards) for g, cards in grouped.items()}
        )

    @cached_property
    def _card_lists(self):
        """{name: versions} of the lists made from every card, kept for the process under
        `all_cards`: who is in a list (an entry's kind, places, actions, funds) is part of
        its card, so the same cards in the same order make the same lists. After an edit
        that changes no card (a text only the entry's page shows) they are not made again:
        a tenth of such a publish at 2,000 entries."""
        lists = _kept_card_lists.get(self.all_cards)
        if lists is None:
            _kept_card_lists.clear()
            lists = _kept_card_lists[self.all_cards] = {"finder": {}}
        return lists

    def _card_list(self, name, compute):
        lists = self._card_lists
        if name not in lists:
            lists[name] = compute()
        return lists[name]

    def finder_cards(self, number, action_code):
        """Cards of the entries a finder result page may list (before the profile filter)."""
        key = (number, action_code)
        cards = self._card_lists["finder"]
        if key not in cards:
            # Sets of positions rather than a pass over every record for each of the
            # finder's 66 places and actions: part of every publish, even after one edit.
            by_action, by_place, everyone = self._finder_groups
            selected = everyone if action_code is None else by_action.get(action_code, set())
            selected = selected & (
                by_place.get(number, by_place[None]) if number else by_place[None]
            )
            records = self.records
            cards[key] = _hash_list([records[i].card for i in sorted(selected)])
        return cards[key]

    @cached_property
    def _finder_groups(self):
        """({action code: positions}, {arrondissement or None: positions}, all positions)
        of the records: None stands for the Paris-wide entries, which every place lists."""
        by_action, by_place = defaultdict(set), defaultdict(set)
        citywide = by_place[None]
        for i, record in enumerate(self.records):
            for code in record.actions:
                by_action[code].add(i)
            if record.citywide:
                citywide.add(i)
            else:
                for number in record.numbers:
                    by_place[number].add(i)
        for number in list(by_place):
            by_place[number] |= citywide
        return by_action, by_place, set(range(len(self.records)))

    @cached_property
    def consultations_prefix(self):
        return reverse("consultations:list")

    @cached_property
    def action_codes(self):
        """{finder path segment: action code}."""
        return {action_slug(action): action.code for action in Action.objects.all()}

    @cached_property
    def search_rules(self):
        """What the search's own rules show besides entries: synonyms, promotions, and the
        consultations (their state changes with the date)."""
        return _hash(
            [_table(SearchSynonym), _table(SearchPromotion), _table(Query), self._consultations]
        )

    def key(self, *parts):
        # Thousands of calls per publish: the parts are mostly hashes already (or lists of
        # them), joined rather than encoded as JSON.
        text = "\x1f".join(_flat(part) for part in (self.common, *parts))
        return hashlib.sha256(text.encode()).hexdigest()


def _flat(part):
    if isinstance(part, str):
        return part
    if isinstance(part, list) and all(isinstance(item, str) for item in part):
        return "[" + "\x1e".join(part) + "]"
    return json.dumps(part, default=str, sort_keys=True)


def _finder_step(index, kwargs):
    """A question depends on the finder's facts; a result page also on the cards it lists."""
    segments = kwargs["answers"].strip("/").split("/")
    last = segments[-1]
    if last != finder_rules.EVERYTHING and last not in index.action_codes:
        return [index.all_facts]
    number = NUMBER_BY_LABEL.get(segments[0])
    action_code = None if last == finder_rules.EVERYTHING else index.action_codes[last]
    return [index.all_facts, index.finder_cards(number, action_code)]


ROUTE_RULES = {
    "landing": lambda index, kwargs: [],
    "edito": lambda index, kwargs: [],
    "arrondissement_index": lambda index, kwargs: [],
    "finder": lambda index, kwargs: [index.all_facts],
    "finder_step": _finder_step,
    "search_page": lambda index, kwargs: [index.all_cards, index.search_rules],
    "search_a_to_z": lambda index, kwargs: [index.all_cards, index.search_rules],
    "entry": lambda index, kwargs: index.details_by_address.get(
        (KIND_BY_SLUG[kwargs["section_slug"]], kwargs["entry_slug"])
    ),
    "section": lambda index, kwargs: index.cards_by_kind[KIND_BY_SLUG[kwargs["section_slug"]]],
    "arrondissement": lambda index, kwargs: [
        index.cards_by_arrondissement[kwargs["number"]],
        index.fph_cards,
    ],
    "fph_directory": lambda index, kwargs: index.fph_cards,
    "fph_directory_filtered": lambda index, kwargs: index.fph_cards,
    "path_page": lambda index, kwargs: index.cards_by_action_slug[kwargs["slug"]],
}


def guide_route(index, guide, prefix, path):
    """[route name, kwargs] of `path` among the guide page's routes (`prefix`: its URL),
    [None, None] for any other page. Only these addresses are looked up and kept
    between publishes (ContentIndex.route_of)."""
    if guide is None or not path.startswith(prefix) or "?" in path:
        return [None, None]
    return index.route_of(guide, prefix, path)


def page_key(index, guide, prefix, path):
    """The key of the page at `path` (`prefix`: the guide page's URL): equal keys, identical bytes."""
    if path.startswith(index.consultations_prefix):
        # The consultations (in `common`, with their state) and their live form's address.
        return index.key(path, "consultation", settings.BASE_URL)
    name, kwargs = guide_route(index, guide, prefix, path)
    rule = ROUTE_RULES.get(name)
    if rule is not None:
        return index.key(path, name, rule(index, kwargs))
    if index.page_types.get(path) in PAGE_TYPES_WITHOUT_ENTRIES:
        return index.key(path, "page")
    return index.key(path, "everything", index.all_details)


def extra_file_key(index, path, paths):
    """The files that are not pages: the sitemap lists every page."""
    if path.endswith("sitemap.xml"):
        return index.key(path, paths)
    if path.endswith("robots.txt"):
        return index.key(path)
    return index.key(path, "everything", index.all_details)


def search_content_key(index):
    """What the static search reads besides the pages: every entry's text and the rules."""
    return index.key("search", index.all_details, index.search_rules)


def content_index(cache=None):
    """The publish's ContentIndex; `cache`: what the previous publish of the folder kept."""
    return memo("publish_content_index", lambda: ContentIndex(cache))
