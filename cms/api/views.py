"""The endpoints of /api/v2/: Wagtail's own (pages, images, documents) with French errors,
and the guide's (entries, fph, arrondissements)."""

import re
from dataclasses import dataclass

from django.http import Http404
from django.urls import path
from django.utils.functional import cached_property

from wagtail.api.v2.filters import ChildOfFilter, FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend

from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from cms.entries import published
from cms.entries.models import Arrondissement, Entry, FphFund, GuideFrame
from cms.entries.presentation import arrondissement_contacts, arrondissement_digest

from . import filters, serializers
from .endpoints import GuideAPIViewSet, folded, parse_choice, parse_int
from .errors import ApiError, FrenchErrorsMixin
from .limits import MAX_ID, MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, SEARCH_OPERATORS

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
    """The published guide, read once per request through cms.entries.published."""

    @cached_property
    def entries(self):
        return published.entries()

    @cached_property
    def sections(self):
        return {section.kind: section for section in published.sections()}

    def get_serializer_context(self):
        return {
            "request": self.request,
            "positions": {entry.pk: place for place, entry in enumerate(self.entries, start=1)},
            "sections": self.sections,
        }


class EntriesAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """Every published entry of the guide, with all its content."""

    name = "entries"
    model = Entry
    serializer_class = serializers.EntrySerializer
    filterset_class = filters.EntryFilterSet
    listing_default_field_names = ("title", "short_name", "slug", "kind", "section", "order")
    orderings = {
        "order": None,  # the guide's order, the default
        "title": lambda entry: folded(entry.title),
        "id": lambda entry: entry.pk,
    }

    @property
    def filter_parameters(self):
        return super().filter_parameters | {"search_operator"}

    def get_items(self):
        wanted = filters.filtered_pks(self.filterset_class, self.request, Entry.objects.all())
        return [entry for entry in self.entries if entry.pk in wanted]

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
        wanted = {item.pk: item for item in items}
        return [wanted[entry.pk] for entry in results if entry.pk in wanted]

    def get_item(self, pk):
        return next((entry for entry in self.entries if entry.pk == pk), None)


class FphAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """The rows of the Fonds de Participation des Habitants table, as published."""

    name = "fph"
    model = FphFund
    serializer_class = serializers.FphSerializer
    filterset_class = filters.FphFilterSet
    orderings = {
        "arrondissement": lambda row: row.arrondissement,  # stable: ties keep the table's order
        "association": lambda row: folded(row.association),
        "id": lambda row: row.pk,
    }

    @cached_property
    def rows(self):
        return [fund for entry in self.entries for fund in entry.fph_funds.all()]

    @property
    def listing_default_field_names(self):
        return self.serializer_class.field_names()

    def get_items(self):
        wanted = filters.filtered_pks(self.filterset_class, self.request, FphFund.objects.all())
        return [row for row in self.rows if row.pk in wanted]

    def haystack(self, row):
        return f"{row.association} {row.quartier} {row.place_label} {row.fund}"

    def get_item(self, pk):
        return next((row for row in self.rows if row.pk == pk), None)


@dataclass
class Place:
    """One arrondissement and what applies there, from the web page's own digest."""

    number: int
    label: str
    name: str
    entries: list
    nearby_entries: list
    through_mairie_entries: list
    mairie: object
    contacts: list
    fph_funds: list


def place(number, entries):
    digest = arrondissement_digest(number)
    label = arrondissement_label(number)
    entries = [entry for entry in entries if entry.applies_to(number)]
    return Place(
        number=number,
        label=label,
        name=f"{label} arrondissement",
        entries=entries,
        nearby_entries=[local.entry.pk for local in digest["nearby"]],
        through_mairie_entries=[local.entry.pk for local in digest["mairie"]],
        mairie=digest["office"],
        # The rule the web page and the PDF edition follow (cms.entries.presentation).
        contacts=[
            {
                "entry": contact.entry,
                "kind": contact.kind,
                "label": contact.label,
                "value": contact.value,
                "display_value": contact.display_value,
                "href": contact.href,
            }
            for contact in arrondissement_contacts(entries, number)
        ],
        fph_funds=[
            fund
            for entry in entries
            for fund in entry.fph_funds.all()
            if fund.arrondissement == number
        ],
    )


class ArrondissementsAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """The 20 arrondissements, each with what applies there."""

    name = "arrondissements"
    model = Arrondissement
    serializer_class = serializers.ArrondissementSerializer
    listing_default_field_names = ("number", "label", "name")
    orderings = {"number": lambda place: place.number, "id": lambda place: place.number}

    def get_items(self):
        return [place(number, self.entries) for number in ARRONDISSEMENT_NUMBERS]

    def haystack(self, place):
        return f"{place.number} {place.name}"

    def get_item(self, pk):
        return place(pk, self.entries) if pk in ARRONDISSEMENT_NUMBERS else None


class GuideFrameAPIViewSet(GuideContentMixin, GuideAPIViewSet):
    """The guide's frame: cover, édito, commitments, section introductions, closing page
    and publisher. One object, at /api/v2/guide/."""

    name = "guide"
    model = GuideFrame
    serializer_class = serializers.GuideSerializer

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "frame_view"}), name="detail")]

    def frame_view(self, request):
        self.check_parameters(frozenset(["format", "_"]))
        frame = published.frame()
        if frame is None:
            raise Http404
        context = {**self.get_serializer_context(), "sections": published.sections()}
        return Response(serializers.GuideSerializer(frame, context=context).data)
