"""The guide's own endpoints, following Wagtail API v2 conventions.

They subclass Wagtail's `BaseAPIViewSet` so they live on the same router as `pages/`,
`images/` and `documents/`, but build plain dicts (see `presenters.py`): the items are
small in number, their shape is documented field by field in `openapi.py`, and every
query parameter is validated here with a French 400 rather than passed to the ORM.
"""

import unicodedata

from django.http import Http404
from django.urls import path

from wagtail.api.v2.utils import parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .errors import ApiError, FrenchErrorsMixin
from .limits import (
    DEFAULT_LIMIT,
    MAX_ID,
    MAX_SEARCH_LENGTH,
    SEARCH_OPERATORS,
    limit_max,
)
from .schema import GuideAutoSchema

COMMON_PARAMETERS = frozenset(["limit", "offset", "fields", "order", "search", "format", "_"])


def folded(text):
    """Lower case without accents, for a search that forgives "eleve" for "élève"."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(char for char in text if not unicodedata.combining(char))


def parse_int(request, name, *, minimum=0, maximum=None, default=None):
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bound = f" et au plus {maximum}" if maximum is not None else ""
        raise ApiError(f"« {name} » doit être un nombre entier d'au moins {minimum}{bound}.")
    return value


def parse_choice(request, name, choices):
    raw = request.GET.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise ApiError(
            f"Valeur inconnue pour « {name} » : « {raw} ». Valeurs possibles : "
            + ", ".join(sorted(choices))
            + "."
        )
    return raw


class GuideAPIViewSet(FrenchErrorsMixin, BaseAPIViewSet):
    """Listing and detail of the guide's items with Wagtail v2's conventions; each
    endpoint says how to get its items (`get_items`, `get_item`), which filter set
    narrows them and which serializer shows them."""

    renderer_classes = [JSONRenderer]
    # Read by drf-spectacular only: the views filter with filtered_pks().
    filter_backends = [DjangoFilterBackend]
    authentication_classes = []
    schema = GuideAutoSchema()
    name = None
    serializer_class = None
    filterset_class = None
    # Fields of a listing without ?fields=, besides "id" and "meta".
    listing_default_field_names = ()
    # ?order= value -> sort key; a leading "-" reverses.
    orderings = {}

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def get_renderer_context(self):
        # Compact JSON: a third lighter than Wagtail's indented output, and faster to
        # render; `jq .` pretty-prints for people.
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    @property
    def filter_parameters(self):
        return frozenset(self.filterset_class.base_filters) if self.filterset_class else frozenset()

    # --- every endpoint subclass provides these ---

    def get_items(self):
        """The items the request's filters keep, in their default order."""
        raise NotImplementedError

    def get_item(self, pk):
        raise NotImplementedError

    def search_items(self, items, query):
        return [item for item in items if folded(query) in folded(self.haystack(item))]

    def haystack(self, item):
        return ""

    def get_serializer_context(self):
        return {"request": self.request}

    # --- the conventions ---

    def check_parameters(self, allowed):
        unknown = set(self.request.GET.keys()) - allowed
        if unknown:
            raise ApiError(
                "Paramètre inconnu : "
                + ", ".join(sorted(unknown))
                + ". Les paramètres acceptés sont décrits dans /api/v2/openapi.json."
            )

    def selected_fields(self, detail):
        names = self.serializer_class.field_names()
        default = names if detail else list(self.listing_default_field_names)
        raw = self.request.GET.get("fields")
        if raw is None:
            return default
        try:
            config = parse_fields_parameter(raw)
        except ValueError as error:
            raise ApiError(f"Paramètre « fields » mal formé ({error}).") from error
        fields = set(default)
        if config and config[0][0] == "*":
            fields, config = set(names), config[1:]
        elif config and config[0][0] == "_":
            fields, config = set(), config[1:]
        for name, negated, sub_fields in config:
            if name not in names:
                raise ApiError(
                    f"Champ inconnu : {name}. Les champs disponibles sont : {', '.join(names)}."
                )
            if sub_fields:
                raise ApiError(f"Le champ « {name} » n'a pas de sous-champs à choisir.")
            if negated:
                fields.discard(name)
            else:
                fields.add(name)
        return [name for name in names if name in fields]

    def shaped(self, items, fields, many=False):
        context = self.get_serializer_context()
        return self.serializer_class(items, many=many, fields=fields, context=context).data

    def sort(self, items):
        raw = self.request.GET.get("order")
        if raw is None:
            return items
        name, reverse = raw.removeprefix("-"), raw.startswith("-")
        if name not in self.orderings:
            choices = sorted(self.orderings) + sorted(f"-{name}" for name in self.orderings)
            raise ApiError(f"Tri impossible sur « {raw} ». Tris possibles : {', '.join(choices)}.")
        key = self.orderings[name]
        if key is None:  # the items' own order
            return items[::-1] if reverse else items
        return sorted(items, key=key, reverse=reverse)

    def listing_view(self, request):
        self.check_parameters(COMMON_PARAMETERS | self.filter_parameters)
        offset = parse_int(request, "offset", maximum=MAX_ID, default=0)
        limit = parse_int(request, "limit", maximum=limit_max(), default=DEFAULT_LIMIT)
        fields = self.selected_fields(detail=False)
        items = self.get_items()
        query = request.GET.get("search")
        if query is not None and len(query) > MAX_SEARCH_LENGTH:
            raise ApiError(f"Recherche trop longue : {MAX_SEARCH_LENGTH} caractères au plus.")
        parse_choice(request, "search_operator", SEARCH_OPERATORS)
        if query is not None:
            items = self.search_items(items, query)
        items = self.sort(items)
        page = items[offset : offset + limit]
        return Response(
            {
                "meta": {"total_count": len(items)},
                "items": self.shaped(page, fields, many=True),
            }
        )

    def detail_view(self, request, pk):
        self.check_parameters(frozenset(["fields", "format", "_"]))
        fields = self.selected_fields(detail=True)
        item = self.get_item(pk)
        if item is None:
            raise Http404
        return Response(self.shaped(item, fields))
