"""The OpenAPI 3.1 document of /api/v2/, served at /api/v2/openapi.json.

drf-spectacular generates the guide's part from its viewsets, serializers and filter
sets (`schema.py`). What it cannot see is written here: Wagtail's own pages/, images/
and documents/ (their serializers are built at run time), this document's own path, and
the consultations' answers.json (`cms/consultations/openapi.py`). Kept true by
tests/cms/api/test_openapi.py, which validates real responses against it and runs
schemathesis on every operation.
"""

import re

from django.conf import settings

from cms.consultations.openapi import extend as extend_with_answers

from .limits import DEFAULT_LIMIT, MAX_ID, MAX_SEARCH_LENGTH, limit_max
from .schema import guide_document

JSON = "application/json"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties, required=(), additional=False, description=None):
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": additional,
    }
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}
DATETIME = nullable({"type": "string", "format": "date-time"})


def listing(item):
    return obj(
        {
            "meta": obj(
                {"total_count": {"type": "integer", "minimum": 0}}, required=["total_count"]
            ),
            "items": {"type": "array", "items": item},
        },
        required=["meta", "items"],
    )


def wagtail_schemas():
    page_meta = obj(
        {
            "type": STRING,
            "detail_url": URL,
            "html_url": nullable(URL),
            "slug": STRING,
            "show_in_menus": {"type": "boolean"},
            "seo_title": STRING,
            "search_description": STRING,
            "first_published_at": DATETIME,
            "alias_of": nullable({"type": "object"}),
            "parent": nullable({"type": "object"}),
            "locale": STRING,
        },
    )
    page = obj(
        {"id": INTEGER, "meta": page_meta, "title": STRING},
        # Wagtail's ?fields=_ removes even the id.
        required=[],
        additional=True,
        description="Une page publiée et publique ; avec ?type=, les champs propres au type.",
    )
    media_meta = obj(
        {
            "type": STRING,
            "detail_url": URL,
            "tags": {"type": "array", "items": STRING},
            "download_url": STRING,
        }
    )
    image = obj(
        {"id": INTEGER, "meta": media_meta, "title": STRING, "width": INTEGER, "height": INTEGER},
        required=[],
    )
    document = obj({"id": INTEGER, "meta": media_meta, "title": STRING}, required=[])
    return {
        "PageItem": page,
        "PageListing": listing(ref("PageItem")),
        "ImageItem": image,
        "ImageListing": listing(ref("ImageItem")),
        "DocumentItem": document,
        "DocumentListing": listing(ref("DocumentItem")),
    }


# --- parameters --------------------------------------------------------------------------


def query(name, schema, description):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def fields_parameter(names, description=None):
    """?fields= with the exact grammar the server accepts, so that any string the schema
    allows is answered with a 200."""
    name = "(?:" + "|".join(re.escape(n) for n in names) + ")"
    pattern = rf"^(?:\*(?:,-{name})*|_(?:,{name})*|-?{name}(?:,-?{name})*)$"
    return query(
        "fields",
        {"type": "string", "pattern": pattern},
        description
        or "Champs à renvoyer, séparés par des virgules : `*` pour tous, `_` pour aucun, "
        "`-champ` pour en retirer un.",
    )


def common_parameters(orderings, field_names, searchable=True):
    params = [
        query(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": limit_max(), "default": DEFAULT_LIMIT},
            f"Nombre d'éléments par page, {limit_max()} au plus.",
        ),
        query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_ID, "default": 0},
            "Éléments à sauter.",
        ),
        fields_parameter(field_names),
    ]
    if orderings is not None:
        params.append(
            query(
                "order",
                {"enum": [*orderings, *(f"-{name}" for name in orderings)]}
                if orderings
                else STRING,
                "Tri ; un `-` devant inverse l'ordre.",
            )
        )
    if searchable:
        params.append(
            query(
                "search",
                {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
                "Recherche plein texte (seuls les mots comptent).",
            )
        )
    return params


IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "schema": STRING,
    "description": "ETag d'une réponse précédente : 304 si rien n'a changé.",
}


def page_types():
    from wagtail.models import get_page_models

    return sorted(model._meta.label for model in get_page_models())


def responses(schema, detail=False):
    headers = {
        "ETag": {"schema": STRING, "description": "Validateur faible de la réponse."},
        "Cache-Control": {"schema": STRING, "description": "public, max-age court."},
    }
    error = {"content": {JSON: {"schema": ref("Error")}}, "headers": headers}
    result = {
        "200": {
            "description": "Succès.",
            "headers": headers,
            "content": {JSON: {"schema": schema}},
        },
        "304": {
            "description": "Inchangé depuis l'ETag envoyé dans If-None-Match.",
            "headers": headers,
        },
        "400": {**error, "description": "Paramètre invalide (message en français)."},
    }
    if detail:
        result["404"] = {**error, "description": "Introuvable ou non publié."}
    return result


def operation(summary, description, parameters, schema, tag, detail=False):
    return {
        "get": {
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": [*parameters, IF_NONE_MATCH],
            "responses": responses(schema, detail=detail),
        }
    }


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
PAGE_FIELDS = [
    "id",
    "type",
    "detail_url",
    "html_url",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "alias_of",
    "locale",
    "title",
]
IMAGE_FIELDS = ["id", "type", "detail_url", "tags", "download_url", "title", "width", "height"]
DOCUMENT_FIELDS = ["id", "type", "detail_url", "tags", "download_url", "title"]


def detail_fields(names):
    return fields_parameter(names, "Champs à renvoyer (même syntaxe que la liste).")


def wagtail_paths():
    page_filters = [
        query("type", {"enum": page_types()}, "Type de page (`app.Modèle`)."),
        query(
            "child_of",
            {"type": "string", "pattern": "^(?:[0-9]+|root)$"},
            "Pages filles de cette page (identifiant, ou `root` pour la racine du site) ; "
            "liste vide si elle n'existe pas ou n'est pas publiée.",
        ),
        query("search_operator", {"enum": ["and", "or"]}, "Combinaison des mots cherchés."),
    ]
    document_response = responses({"type": "object", "required": ["openapi", "paths"]})
    del document_response["400"]
    return {
        "/api/v2/openapi.json": {
            "get": {
                "summary": "Ce document",
                "description": "Le document OpenAPI 3.1 de l'API publique.",
                "tags": ["guide"],
                "parameters": [IF_NONE_MATCH],
                "responses": document_response,
            }
        },
        "/api/v2/pages/": operation(
            "Pages",
            "Pages publiées et publiques du site (API Wagtail v2).",
            [*common_parameters(["id", "title", "first_published_at"], PAGE_FIELDS), *page_filters],
            ref("PageListing"),
            "wagtail",
        ),
        "/api/v2/pages/{id}/": operation(
            "Une page",
            "",
            [ID, detail_fields([*PAGE_FIELDS, "parent"])],
            ref("PageItem"),
            "wagtail",
            detail=True,
        ),
        "/api/v2/images/": operation(
            "Images",
            "Images des collections publiques.",
            common_parameters(["id", "title"], IMAGE_FIELDS),
            ref("ImageListing"),
            "wagtail",
        ),
        "/api/v2/images/{id}/": operation(
            "Une image",
            "",
            [ID, detail_fields(IMAGE_FIELDS)],
            ref("ImageItem"),
            "wagtail",
            detail=True,
        ),
        "/api/v2/documents/": operation(
            "Documents",
            "Documents des collections publiques.",
            common_parameters(["id", "title"], DOCUMENT_FIELDS),
            ref("DocumentListing"),
            "wagtail",
        ),
        "/api/v2/documents/{id}/": operation(
            "Un document",
            "",
            [ID, detail_fields(DOCUMENT_FIELDS)],
            ref("DocumentItem"),
            "wagtail",
            detail=True,
        ),
    }


def openapi_document(guide_patterns):
    """The whole document: the guide's endpoints (given as URL patterns relative to
    /api/v2/) generated by drf-spectacular, Wagtail's endpoints written here."""
    generated = guide_document(guide_patterns)
    document = {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Participez — API publique du guide de la participation citoyenne",
            "version": "2",
            "description": (
                "Lecture seule, contenu publié uniquement. Conventions de l'API Wagtail v2 : "
                "`meta.total_count`, `items`, `?fields=`, `?limit=`/`?offset=`, `?search=`, "
                f"`?order=`. `limit` vaut {DEFAULT_LIMIT} par défaut et {limit_max()} au plus. "
                "Chaque réponse porte un ETag et un Cache-Control ; renvoyez l'ETag dans "
                'If-None-Match pour obtenir un 304. Erreurs : JSON `{"message": "..."}` en '
                "français. Mode d'emploi : docs/api.md."
            ),
            "license": {
                "name": "Licence Ouverte 2.0",
                "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
            },
        },
        "servers": [{"url": settings.BASE_URL}],
        "tags": [
            {"name": "guide", "description": "Les entrées structurées du guide."},
            {"name": "wagtail", "description": "Points d'accès standard de Wagtail."},
        ],
        "paths": {**wagtail_paths(), **generated["paths"]},
        "components": {"schemas": {**generated["components"]["schemas"], **wagtail_schemas()}},
    }
    # The JSON answer endpoint lives with the consultations; its description too.
    extend_with_answers(document)
    return document
