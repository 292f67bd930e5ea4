"""Which published pages show which content: the keys that let a publish skip pages.

Every file of the site gets a key, a hash of the versions of what it shows:

- `common`: what every page shows or may show around its content — the code and
  templates, the menus and sections, the guide frame, the Wagtail pages (their live
  revisions), the tags (actions, audiences), images and documents, the site's address;
- an entry's `detail` version (everything about it) for its own page and the search index;
- an entry's `card` version (what lists show: title, excerpt texts, places, contacts,
  funds, tags) for the section, arrondissement, FPH and "comment participer" pages.

Versions are hashes of the published data itself (the snapshot the publish renders
from), so an edit made any way — a revision published in the admin, a scheduled
publish, `load_guide` — changes exactly the keys of the pages that show it. A page whose
key is unchanged since the last publish is not rendered at all (render.render_site).

A NEW PAGE TYPE is safe without code here: a route of the guide page that has no rule in
`ROUTE_RULES`, or a Wagtail page type not in `PAGE_TYPES_WITHOUT_ENTRIES`, depends on
every entry's detail version (re-rendered after any edit). Add a rule to make it
incremental: `ROUTE_RULES["route_name"] = lambda index, kwargs: [(kind, versions)...]`.
"""

import hashlib
import json
from functools import cached_property

from django.conf import settings
from django.db.models import Model
from django.http import Http404
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from cms.consultations.models import Consultation
from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from cms.core.code_version import files_fingerprint
from cms.entries.models import Action, Arrondissement, Audience
from cms.entries.published import entries, frame, memo, sections
from cms.pages import finder as finder_rules
from cms.pages.finder import action_slug
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
    "sort_order",
)
CARD_RELATIONS = ("audiences", "actions", "arrondissements", "contacts", "fph_funds")
DETAIL_RELATIONS = (*CARD_RELATIONS, "key_figures", "links")
NUMBER_BY_LABEL = {arrondissement_label(n): n for n in ARRONDISSEMENT_NUMBERS}
# Wagtail page types whose pages list no entry (their own content is in `common`).
PAGE_TYPES_WITHOUT_ENTRIES = {"HomePage", "StandardPage"}


def _hash(value):
    return hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()


def _row(obj):
    return [getattr(obj, field.attname) for field in obj._meta.concrete_fields]


def _related(entry, name):
    """The prefetched rows of a relation, without building a queryset for each ask."""
    cached = getattr(entry, "_prefetched_objects_cache", {})
    return cached[name] if name in cached else getattr(entry, name).all()


def _entry_versions(entry):
    """(card, detail, facts) hashes; facts: what the finder's questions depend on."""
    relations = {name: [_row(row) for row in _related(entry, name)] for name in DETAIL_RELATIONS}
    facts = [entry.pk, entry.citywide, entry.min_age, entry.max_age]
    facts += [relations[name] for name in CARD_RELATIONS]
    card = [getattr(entry, name) for name in CARD_FIELDS]
    card += [relations[name] for name in CARD_RELATIONS]
    detail = [*card, entry.how, relations["key_figures"], relations["links"]]
    return _hash(card), _hash(detail), _hash(facts)


def _table(model, **filters):
    return [_row(obj) for obj in model.objects.filter(**filters).order_by("pk")]


class ContentIndex:
    """The versions of the published content of one publish, computed once."""

    @cached_property
    def entries(self):
        return entries()

    @cached_property
    def versions(self):
        return {entry.pk: _entry_versions(entry) for entry in self.entries}

    @cached_property
    def common(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        section_rows = [_row(section) for section in sections()]
        guide_frame = frame()
        pages = Page.objects.live().order_by("path")
        return _hash(
            {
                "code": files_fingerprint(),
                "settings": [settings.STATIC_SITE_URL, settings.LANGUAGE_CODE, settings.DEBUG],
                "sections": section_rows,
                "frame": _row(guide_frame) if isinstance(guide_frame, Model) else None,
                "pages": list(
                    pages.values_list(
                        "id", "url_path", "title", "slug", "live_revision_id", "last_published_at"
                    )
                ),
                "sites": _table(Site),
                "tags": [_table(Action), _table(Audience), _table(Arrondissement)],
                # Open consultations are announced in every page's footer.
                "consultations": [
                    [_row(c), c.state()] for c in Consultation.objects.published().order_by("pk")
                ],
                "media": [_table(get_image_model()), _table(get_document_model())],
            }
        )

    @cached_property
    def page_types(self):
        """{url path: page class name} of the live Wagtail pages."""
        pages = Page.objects.live().public().specific()
        return {page.url: type(page).__name__ for page in pages if page.url}

    @cached_property
    def tags(self):
        """{pk: (action codes, action slugs, arrondissement numbers)}, read once: a related
        manager's .all() costs a queryset, and the rules ask thousands of times."""
        return {
            e.pk: (
                {a.code for a in _related(e, "actions")},
                {action_slug(a) for a in _related(e, "actions")},
                {a.number for a in _related(e, "arrondissements")},
            )
            for e in self.entries
        }

    def serves(self, entry, number):
        return entry.citywide or number in self.tags[entry.pk][2]

    @cached_property
    def all_facts(self):
        return _hash([self.versions[entry.pk][2] for entry in self.entries])

    @cached_property
    def action_codes(self):
        """{finder path segment: action code}."""
        return {action_slug(action): action.code for action in Action.objects.all()}

    def finder_cards(self, number, action_code):
        """Cards of the entries a finder result page may list (before the profile filter)."""

        def compute():
            selected = [
                e
                for e in self.entries
                if (action_code is None or action_code in self.tags[e.pk][0])
                and (e.citywide or (number and self.serves(e, number)))
            ]
            return _hash(self.cards(selected))

        return memo(("publish_finder_cards", number, action_code), compute)

    def cards(self, selected):
        return [self.versions[entry.pk][0] for entry in selected]

    def details(self, selected):
        return [self.versions[entry.pk][1] for entry in selected]

    @cached_property
    def search_rules(self):
        """What the search's own rules show besides entries: synonyms, promotions, and the
        consultations (their state changes with the date)."""
        consultations = [
            [_row(c), c.state()] for c in Consultation.objects.published().order_by("pk")
        ]
        return _hash(
            [
                _table(SearchSynonym),
                _table(SearchPromotion),
                _table(Query),
                consultations,
            ]
        )

    def key(self, *parts):
        return _hash([self.common, *parts])


def _entry_page(index, kwargs):
    kind = KIND_BY_SLUG[kwargs["section_slug"]]
    return [e for e in index.entries if e.kind == kind and e.slug == kwargs["entry_slug"]]


def _finder_step(index, kwargs):
    """A question depends on the finder's facts; a result page also on the cards it lists."""
    segments = kwargs["answers"].strip("/").split("/")
    last = segments[-1]
    if last != finder_rules.EVERYTHING and last not in index.action_codes:
        return [index.all_facts]
    number = NUMBER_BY_LABEL.get(segments[0])
    action_code = None if last == finder_rules.EVERYTHING else index.action_codes[last]
    return [index.all_facts, index.finder_cards(number, action_code)]


def _fph_cards(index):
    return memo(
        "publish_fph_cards",
        lambda: _hash(index.cards([e for e in index.entries if _related(e, "fph_funds")])),
    )


ROUTE_RULES = {
    "landing": lambda index, kwargs: [],
    "edito": lambda index, kwargs: [],
    "arrondissement_index": lambda index, kwargs: [],
    "finder": lambda index, kwargs: [index.all_facts],
    "finder_step": _finder_step,
    "search_page": lambda index, kwargs: [index.cards(index.entries), index.search_rules],
    "search_a_to_z": lambda index, kwargs: [index.cards(index.entries), index.search_rules],
    "entry": lambda index, kwargs: index.details(_entry_page(index, kwargs)),
    "section": lambda index, kwargs: index.cards(
        [e for e in index.entries if e.kind == KIND_BY_SLUG[kwargs["section_slug"]]]
    ),
    "arrondissement": lambda index, kwargs: [
        index.cards([e for e in index.entries if index.serves(e, kwargs["number"])]),
        _fph_cards(index),
    ],
    "fph_directory": lambda index, kwargs: _fph_cards(index),
    "fph_directory_filtered": lambda index, kwargs: _fph_cards(index),
    "path_page": lambda index, kwargs: index.cards(
        [e for e in index.entries if kwargs["slug"] in index.tags[e.pk][1]]
    ),
}


def page_key(index, guide, prefix, path):
    """The key of the page at `path` (`prefix`: the guide page's URL): equal keys, identical bytes."""
    if path.startswith(reverse("consultations:list")):
        # The consultations (in `common`, with their state) and their live form's address.
        return index.key(path, "consultation", settings.BASE_URL)
    if guide is not None and path.startswith(prefix) and "?" not in path:
        try:
            view, _args, kwargs = guide.resolve_subpage(path[len(prefix) - 1 :])
        except Http404:  # not a route of the guide: the safe rule below
            view = kwargs = None
        rule = ROUTE_RULES.get(getattr(view, "__name__", None))
        if rule is not None:
            return index.key(path, view.__name__, rule(index, kwargs))
    if index.page_types.get(path) in PAGE_TYPES_WITHOUT_ENTRIES:
        return index.key(path, "page")
    return index.key(path, "everything", index.details(index.entries))


def extra_file_key(index, path, paths):
    """The files that are not pages: the search index lists every entry, the sitemap every page."""
    if path.endswith("index.json"):
        return index.key(path, index.details(index.entries), index.search_rules)
    if path.endswith("sitemap.xml"):
        return index.key(path, paths)
    if path.endswith("robots.txt"):
        return index.key(path)
    return index.key(path, "everything", index.details(index.entries))


def content_index():
    return memo("publish_content_index", ContentIndex)
