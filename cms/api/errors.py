"""Errors of the public API: always JSON `{"message": "..."}`, always in French.

Wagtail's API v2 raises `BadRequestError` with English messages; they are translated
here so that every endpoint, Wagtail's own included, speaks the same language.
"""

import re

from django.core.exceptions import ValidationError
from django.http import Http404

from wagtail.api.v2.utils import BadRequestError

from rest_framework import exceptions, status
from rest_framework.response import Response

SEE_DOC = " Les paramètres acceptés sont décrits dans /api/v2/openapi.json."

# (English pattern from wagtail.api.v2, French template using the pattern's groups)
TRANSLATIONS = [
    (
        r"query parameter is not an operation or a recognised field: (.+)",
        "Paramètre inconnu : {0}." + SEE_DOC,
    ),
    (r"offset must be a positive integer", "« offset » doit être un entier positif ou nul."),
    (r"limit must be a positive integer", "« limit » doit être un entier positif ou nul."),
    (r"limit cannot be higher than (\d+)", "« limit » ne peut pas dépasser {0}."),
    (r"unknown fields: (.+)", "Champ inconnu : {0}." + SEE_DOC),
    (r"fields error: (.+)", "Paramètre « fields » mal formé ({0})."),
    (r"'(.+)' does not support nested fields", "Le champ « {0} » n'a pas de sous-champs."),
    (r"cannot order by '(.+)' \(unknown field\)", "Tri impossible sur « {0} » : champ inconnu."),
    (r"cannot order by '(.+)' \(invalid field\)", "Tri impossible sur « {0} »."),
    (
        r"cannot order by '(.+)' while searching \(field is not indexed\)",
        "Tri impossible sur « {0} » pendant une recherche.",
    ),
    (
        r"cannot filter by '(.+)' while searching \(field is not indexed\)",
        "Filtre impossible sur « {0} » pendant une recherche.",
    ),
    (
        r"random ordering cannot be combined with other fields",
        "Le tri aléatoire ne se combine pas avec d'autres tris.",
    ),
    (
        r"random ordering with offset is not supported",
        "Le tri aléatoire ne se combine pas avec « offset ».",
    ),
    (
        r"field filter error\. '(.*)' is not a valid value for (\w+).*",
        "Valeur « {0} » invalide pour « {1} ».",
    ),
    (
        r"field filter error\. null characters are not allowed for (\w+)",
        "Caractère nul interdit dans « {0} ».",
    ),
    (r"type doesn't exist", "Type de page inconnu."),
    (
        r"(child_of|descendant_of|ancestor_of) must be a positive integer",
        "« {0} » doit être un entier positif.",
    ),
    (r"parent page doesn't exist", "La page parente n'existe pas ou n'est pas publiée."),
    (r"ancestor page doesn't exist", "La page ancêtre n'existe pas ou n'est pas publiée."),
    (r"descendant page doesn't exist", "La page descendante n'existe pas ou n'est pas publiée."),
    (
        r"filtering by descendant_of with child_of is not supported",
        "« descendant_of » et « child_of » ne se combinent pas.",
    ),
    (r"search is disabled", "La recherche est désactivée."),
    (
        r"filtering by tag with a search query is not supported",
        "Le filtre par mot-clé ne se combine pas avec une recherche.",
    ),
    (r"cannot search on (.+)", "Recherche impossible sur {0}."),
]
COMPILED = [(re.compile(f"^{pattern}$", re.DOTALL), template) for pattern, template in TRANSLATIONS]


def in_french(message):
    message = str(message)
    for pattern, template in COMPILED:
        match = pattern.match(message)
        if match:
            return template.format(*match.groups())
    return f"Requête invalide ({message})."


class ApiError(BadRequestError):
    """A 400 whose message is already in French."""


def error_response(exc):
    """The JSON error response for `exc`, or None when DRF should handle it."""
    if isinstance(exc, ApiError):
        return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BadRequestError):
        return Response({"message": in_french(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ValidationError):
        # A filter value the database field refuses (a malformed date, say).
        return Response(
            {"message": "Valeur invalide : " + " ".join(exc.messages)},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        return Response(
            {"message": "Introuvable : cet élément n'existe pas ou n'est pas publié."},
            status=status.HTTP_404_NOT_FOUND,
        )
    if isinstance(exc, exceptions.MethodNotAllowed):
        response = Response(
            {"message": "Méthode non autorisée : l'API publique est en lecture seule (GET)."},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )
        return response
    if isinstance(exc, exceptions.NotAcceptable):
        return Response(
            {"message": "Format non disponible : l'API répond en JSON (application/json)."},
            status=status.HTTP_406_NOT_ACCEPTABLE,
        )
    return None


class FrenchErrorsMixin:
    """Plug into a Wagtail API viewset: French JSON errors, never an HTML page."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            raise ApiError("Caractère nul interdit dans les paramètres.")
        if "fields" in request.GET and not request.GET["fields"].strip():
            raise ApiError(
                "« fields » est vide : nommez des champs, ou `*` pour tous, `_` pour aucun."
            )

    def handle_exception(self, exc):
        response = error_response(exc)
        if response is None:
            return super().handle_exception(exc)
        if isinstance(exc, exceptions.MethodNotAllowed):
            response["Allow"] = ", ".join(self.allowed_methods)
        return response
