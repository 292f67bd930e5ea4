"""The endpoints of /api/v2/: Wagtail's own (pages, images, documents) with French errors,
and the guide's (entries, fph, arrondissements)."""

import re

from django.utils.functional import cached_property

from wagtail.api.v2.filters import ChildOfFilter, FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend

from rest_framework.renderers import JSONRenderer

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS
from cms.entries.models import Action, Arrondissement, Audience, Entry, EntryKind, FphFund, FundType
from cms.entries.published import published_entries, published_sections

from . import presenters
from .caching import current_fingerprint
from .endpoints import (
    MAX_ID,
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_WORDS,
    SEARCH_OPERATORS,
    GuideAPIViewSet,
    folded,
    parse_arrondissement,
    parse_choice,
    parse_int,
)
from .errors import ApiError, FrenchErrorsMixin

# --- Wagtail's endpoints -----------------------------------------------------------------


def search_words(text):
    """The words of a search, without the quotes and operators that SQLite's FTS5 (and
    PostgreSQL's parser) reject with a database error. The backends nest one query node
    per word: past MAX_SEARCH_WORDS the recursion could exhaust the stack."""
    return " ".join(re.findall(r"\w+", text)[:MAX_SEARCH_WORDS])


def checked_search(request):
    """The ?search= text, or None; a French 400 for a search too long or an unknown
    ?search_operator=."""
    parse_choice(request, "search_operator", SEARCH_OPERATORS)
    query = request.GET.get("search")
    if query is not None and len(query) > MAX_SEARCH_LENGTH:
        raise ApiError(f"Recherche trop longue : {MAX_SEARCH_LENGTH} caractères au plus.")
    return query


class WordsSearchFilter(SearchFilter):
    """Wagtail's ?search=, fed only words; a search without words finds nothing."""

    def filter_queryset(self, request, queryset, view):
        if checked_search(request) is None:
            return super().filter_queryset(request, queryset, view)
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        original = request._request.GET
        cleaned = original.copy()
        cleaned["search"] = words
        request._request.GET = cleaned
        try:
            return super().filter_queryset(request, queryset, view)
        finally:
            request._request.GET = original


class LenientChildOfFilter(ChildOfFilter):
    """?child_of= a page that is not published: no children, rather than an error."""

    def filter_queryset(self, request, queryset, view):
        raw = request.GET.get("child_of", "")
        if raw.isdigit() and int(raw) > MAX_ID:
            return queryset.none()
        try:
            return super().filter_queryset(request, queryset, view)
        except BadRequestError as error:
            if "doesn't exist" in str(error):
                return queryset.none()
            raise


class PublicPagination(WagtailPagination):
    """Wagtail's limit/offset, with the offset bounded as documented: past a 64-bit
    integer, the database refuses the query."""

    def paginate_queryset(self, queryset, request, view=None):
        parse_int(request, "offset", maximum=MAX_ID)
        return super().paginate_queryset(queryset, request, view)


class PublicPagesAPIViewSet(FrenchErrorsMixin, PagesAPIViewSet):
    """Live, public pages of the site, with the filters the OpenAPI document describes.

    The site has one language (no locale filters); ancestor_of/descendant_of are left out
    to keep the document short and true.
    """

    renderer_classes = [JSONRenderer]
    pagination_class = PublicPagination
    filter_backends = [FieldsFilter, LenientChildOfFilter, OrderingFilter, WordsSearchFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {
        "translation_of",
        "locale",
        "site",
        "rich_text_format",
        "ancestor_of",
        "descendant_of",
    }

    @classmethod
    def get_urlpatterns(cls):
        # find/ answers with redirects, which the OpenAPI document does not describe.
        return [p for p in super().get_urlpatterns() if p.name != "find"]


class PublicImagesAPIViewSet(FrenchErrorsMixin, ImagesAPIViewSet):
    renderer_classes = [JSONRenderer]
    pagination_class = PublicPagination
    filter_backends = [FieldsFilter, OrderingFilter, WordsSearchFilter]
    known_query_parameters = ImagesAPIViewSet.known_query_parameters - {"rich_text_format"}

    @classmethod
    def get_urlpatterns(cls):
        return [p for p in super().get_urlpatterns() if p.name != "find"]


class PublicDocumentsAPIViewSet(FrenchErrorsMixin, DocumentsAPIViewSet):
    renderer_classes = [JSONRenderer]
    pagination_class = PublicPagination
    filter_backends = [FieldsFilter, OrderingFilter, WordsSearchFilter]
    known_query_parameters = DocumentsAPIViewSet.known_query_parameters - {"rich_text_format"}

    @classmethod
    def get_urlpatterns(cls):
        return [p for p in super().get_urlpatterns() if p.name != "find"]


# --- the guide -----------------------------------------------------------------------


class GuideContentMixin:
    """The published guide, read once per request through guide.content."""

    @cached_property
    def entries(self):
        return list(published_entries())

    @cached_property
    def positions(self):
        return {entry.pk: position for position, entry in enumerate(self.entries, start=1)}

    @cached_property
    def sections(self):
        return {section.kind: section for section in published_sections()}

    def present_entry(self, entry):
        return presenters.entry_dict(
            entry,
            self.request,
            order=self.positions[entry.pk],
            section=self.sections.get(entry.kind),
        )

    @cached_property
    def entry_dicts(self):
        """Every published entry, presented once per publish (and host) per process:
        the filters, orderings and field choices of entries/ and fph/ then work on
        these dicts instead of loading the guide again."""
        key = (current_fingerprint(), self.request.build_absolute_uri("/"))
        presented = _PRESENTED.get(key)
        if presented is None:
            presented = [self.present_entry(entry) for entry in self.entries]
            _PRESENTED.clear()
            _PRESENTED[key] = presented
        return presented


_PRESENTED = {}


ENTRY_FIELDS = (
    "title",
    "short_name",
    "display_name",
    "slug",
    "kind",
    "kind_label",
    "group",
    "section",
    "order",
    "summary",
    "for_whom",
    "why",
    "how",
    "min_age",
    "max_age",
    "key_figures",
    "contacts",
    "links",
    "audiences",
    "actions",
    "citywide",
    "arrondissements",
    "fph_funds",
)


class EntriesAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """Every published entry of the guide, with all its content."""

    name = "entries"
    model = Entry
    filter_parameters = frozenset(
        ["kind", "audience", "action", "arrondissement", "slug", "search_operator"]
    )
    body_field_names = ENTRY_FIELDS
    listing_default_field_names = ("title", "short_name", "slug", "kind", "section", "order")
    orderings = {
        "order": lambda entry: entry["order"],
        "title": lambda entry: folded(entry["title"]),
        "id": lambda entry: entry["id"],
    }

    def parse_filters(self, request):
        return {
            "kind": parse_choice(request, "kind", set(EntryKind.values)),
            "audience": parse_choice(
                request, "audience", set(Audience.objects.values_list("code", flat=True))
            ),
            "action": parse_choice(
                request, "action", set(Action.objects.values_list("code", flat=True))
            ),
            "arrondissement": parse_arrondissement(request),
            "slug": request.GET.get("slug"),
        }

    def get_items(self, filters):
        def wanted(entry):
            return (
                (not filters["kind"] or entry["kind"] == filters["kind"])
                and (
                    not filters["audience"]
                    or filters["audience"] in {a["code"] for a in entry["audiences"]}
                )
                and (
                    not filters["action"]
                    or filters["action"] in {a["code"] for a in entry["actions"]}
                )
                and (
                    not filters["arrondissement"]
                    or filters["arrondissement"] in entry["arrondissements"]
                )
                and (filters["slug"] is None or entry["slug"] == filters["slug"])
            )

        return [entry for entry in self.entry_dicts if wanted(entry)]

    def search_items(self, items, query):
        operator = self.request.GET.get("search_operator")
        query = search_words(query)
        if not query:
            return []
        # Search among live rows only (an indexed filter field), then keep what the
        # guide publishes: the search index knows nothing of expiry dates.
        results = get_search_backend().search(
            query, Entry.objects.filter(live=True), operator=operator
        )
        wanted = {item["id"]: item for item in items}
        return [wanted[entry.pk] for entry in results if entry.pk in wanted]

    def get_item(self, pk):
        return next((entry for entry in self.entry_dicts if entry["id"] == pk), None)

    def present(self, item):
        return item


FPH_FIELDS = (
    "arrondissement",
    "arrondissement_label",
    "quartier",
    "place_label",
    "fund",
    "fund_label",
    "association",
    "phone",
    "phone_display",
    "phone_href",
    "phone_note",
    "entry",
)


class FphAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """The rows of the Fonds de Participation des Habitants table, as published."""

    name = "fph"
    model = FphFund
    filter_parameters = frozenset(["arrondissement", "fund"])
    body_field_names = FPH_FIELDS
    listing_default_field_names = FPH_FIELDS
    orderings = {
        "arrondissement": lambda row: (row["arrondissement"], row["position"]),
        "association": lambda row: folded(row["association"]),
        "id": lambda row: row["id"],
    }

    @cached_property
    def rows(self):
        rows = [fund for entry in self.entry_dicts for fund in entry["fph_funds"]]
        # Ties on the arrondissement keep the table's order.
        return [{**row, "position": position} for position, row in enumerate(rows)]

    def parse_filters(self, request):
        return {
            "arrondissement": parse_arrondissement(request),
            "fund": parse_choice(request, "fund", set(FundType.values)),
        }

    def get_items(self, filters):
        return [
            row
            for row in self.rows
            if (not filters["arrondissement"] or row["arrondissement"] == filters["arrondissement"])
            and (not filters["fund"] or row["fund"] == filters["fund"])
        ]

    def haystack(self, row):
        return f"{row['association']} {row['quartier']} {row['place_label']} {row['fund']}"

    def get_item(self, pk):
        return next((row for row in self.rows if row["id"] == pk), None)

    def present(self, row):
        return {name: value for name, value in row.items() if name != "position"}


ARRONDISSEMENT_FIELDS = (
    "number",
    "label",
    "name",
    "entries",
    "nearby_entries",
    "through_mairie_entries",
    "contacts",
    "fph_funds",
)


class ArrondissementsAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """The 20 arrondissements, each with what applies there."""

    name = "arrondissements"
    model = Arrondissement
    body_field_names = ARRONDISSEMENT_FIELDS
    listing_default_field_names = ("number", "label", "name")
    orderings = {"number": lambda number: number, "id": lambda number: number}

    def get_items(self, filters):
        return list(ARRONDISSEMENT_NUMBERS)

    def haystack(self, number):
        return f"{number} {presenters.arrondissement_label(number)} arrondissement"

    def get_item(self, pk):
        return pk if pk in ARRONDISSEMENT_NUMBERS else None

    def present(self, number):
        return presenters.arrondissement_dict(number, self.entries, self.request)
