"""The endpoints of /api/v2/: Wagtail's own (pages, images, documents) with French errors,
and the guide's (entries, fph, arrondissements)."""

import re

from django.utils.functional import cached_property

from wagtail.api.v2.filters import ChildOfFilter, FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend

from rest_framework.renderers import JSONRenderer

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS
from cms.entries.models import Action, Arrondissement, Audience, Entry, EntryKind, FphFund, FundType
from guide.content import published_entries, published_sections

from . import presenters
from .endpoints import GuideAPIViewSet, folded, parse_arrondissement, parse_choice
from .errors import FrenchErrorsMixin

# --- Wagtail's endpoints -----------------------------------------------------------------


def search_words(text):
    """The words of a search, without the quotes and operators that SQLite's FTS5 (and
    PostgreSQL's parser) reject with a database error."""
    return " ".join(re.findall(r"\w+", text))


class WordsSearchFilter(SearchFilter):
    """Wagtail's ?search=, fed only words; a search without words finds nothing."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
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
        try:
            return super().filter_queryset(request, queryset, view)
        except BadRequestError as error:
            if "doesn't exist" in str(error):
                return queryset.none()
            raise


class PublicPagesAPIViewSet(FrenchErrorsMixin, PagesAPIViewSet):
    """Live, public pages of the site, with the filters the OpenAPI document describes.

    The site has one language (no locale filters); ancestor_of/descendant_of are left out
    to keep the document short and true.
    """

    renderer_classes = [JSONRenderer]
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
    filter_backends = [FieldsFilter, OrderingFilter, WordsSearchFilter]
    known_query_parameters = ImagesAPIViewSet.known_query_parameters - {"rich_text_format"}

    @classmethod
    def get_urlpatterns(cls):
        return [p for p in super().get_urlpatterns() if p.name != "find"]


class PublicDocumentsAPIViewSet(FrenchErrorsMixin, DocumentsAPIViewSet):
    renderer_classes = [JSONRenderer]
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
        "order": lambda entry: entry.sort_key_order,
        "title": lambda entry: entry.sort_key_title,
        "id": lambda entry: entry.pk,
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
        items = []
        for entry in self.entries:
            if filters["kind"] and entry.kind != filters["kind"]:
                continue
            if filters["audience"] and filters["audience"] not in {
                a.code for a in entry.audiences.all()
            }:
                continue
            if filters["action"] and filters["action"] not in {a.code for a in entry.actions.all()}:
                continue
            if filters["arrondissement"] and not entry.applies_to(filters["arrondissement"]):
                continue
            if filters["slug"] is not None and entry.slug != filters["slug"]:
                continue
            entry.sort_key_order = self.positions[entry.pk]
            entry.sort_key_title = folded(entry.title)
            items.append(entry)
        return items

    def search_items(self, items, query):
        operator = parse_choice(self.request, "search_operator", {"and", "or"})
        query = search_words(query)
        if not query:
            return []
        # Search among live rows only (an indexed filter field), then keep what the
        # guide publishes: the search index knows nothing of expiry dates.
        results = get_search_backend().search(
            query, Entry.objects.filter(live=True), operator=operator
        )
        ranked = [entry.pk for entry in results]
        wanted = {item.pk: item for item in items}
        return [wanted[pk] for pk in ranked if pk in wanted]

    def get_item(self, pk):
        return next((entry for entry in self.entries if entry.pk == pk), None)

    def present(self, item):
        return self.present_entry(item)


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
        "arrondissement": lambda row: (row[0].arrondissement, row[0].sort_order or 0),
        "association": lambda row: folded(row[0].association),
        "id": lambda row: row[0].pk,
    }

    @cached_property
    def rows(self):
        return [(fund, entry) for entry in self.entries for fund in entry.fph_funds.all()]

    def parse_filters(self, request):
        return {
            "arrondissement": parse_arrondissement(request),
            "fund": parse_choice(request, "fund", set(FundType.values)),
        }

    def get_items(self, filters):
        return [
            row
            for row in self.rows
            if (not filters["arrondissement"] or row[0].arrondissement == filters["arrondissement"])
            and (not filters["fund"] or row[0].fund == filters["fund"])
        ]

    def haystack(self, row):
        fund = row[0]
        return f"{fund.association} {fund.quartier} {fund.place_label} {fund.fund}"

    def get_item(self, pk):
        return next((row for row in self.rows if row[0].pk == pk), None)

    def present(self, row):
        fund, entry = row
        return presenters.fund_dict(fund, entry, self.request, "/api/v2/fph/")


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
