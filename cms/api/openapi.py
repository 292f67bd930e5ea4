"""The OpenAPI 3.1 document of /api/v2/, served at /api/v2/openapi.json.

Written by hand as a Python dict, next to the code it describes, and kept true by
tests/cms/api/test_openapi.py, which validates real responses of every endpoint against
it, and by a schemathesis fuzzing test. Enumerations that come from the database
(audience and action codes) are read when the document is served.
"""

import re

from django.conf import settings
from django.http import JsonResponse

from cms.consultations.models import ConsultationState
from cms.consultations.openapi import extend as extend_with_answers
from cms.entries.models import Action, Audience, ContactKind, EntryKind, FundType

from .consultations import ConsultationsAPIViewSet, ConsultationSerializer
from .endpoints import DEFAULT_LIMIT, MAX_ID, MAX_SEARCH_LENGTH, limit_max
from .serializers import ArrondissementSerializer, EntrySerializer, FphSerializer

ENTRY_FIELDS = EntrySerializer.field_names()
FPH_FIELDS = FphSerializer.field_names()
ARRONDISSEMENT_FIELDS = ArrondissementSerializer.field_names()

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
HTML = {"type": "string", "description": "HTML ; liens internes résolus en adresses publiques."}
INTEGER = {"type": "integer"}
ARRONDISSEMENT = {"type": "integer", "minimum": 1, "maximum": 20}
DATETIME = nullable({"type": "string", "format": "date-time"})


def item_meta(type_name, extra=None, required_extra=()):
    properties = {
        "type": {"const": type_name},
        "detail_url": URL,
        "html_url": {**URL, "description": "Adresse de la page web publique de l'élément."},
        **(extra or {}),
    }
    return obj(properties, required=["type", "detail_url", "html_url", *required_extra])


def item_schema(meta, fields, description):
    """An item: id and meta always present, the other fields as chosen with ?fields=."""
    return obj(
        {"id": INTEGER, "meta": meta, **fields}, required=["id", "meta"], description=description
    )


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


def schemas():
    entry_ref = obj(
        {
            "id": INTEGER,
            "slug": STRING,
            "title": STRING,
            "kind": {"enum": EntryKind.values},
            "html_url": URL,
            "detail_url": URL,
        },
        required=["id", "slug", "title", "kind", "html_url", "detail_url"],
    )
    fph = item_schema(
        item_meta("fph"),
        {
            "arrondissement": ARRONDISSEMENT,
            "arrondissement_label": {"type": "string", "examples": ["18e"]},
            "quartier": STRING,
            "place_label": {"type": "string", "examples": ["18e Goutte d'or"]},
            "fund": {"enum": FundType.values},
            "fund_label": STRING,
            "association": STRING,
            "phone": {
                "type": "string",
                "description": "Numéro normalisé E.164 (+33…) ou numéro court (3975).",
                "pattern": r"^(\+[1-9]\d{6,14}|1\d{1,2}|3\d{3})$",
            },
            "phone_display": {"type": "string", "examples": ["01 43 29 62 61"]},
            "phone_href": {"type": "string", "pattern": "^tel:"},
            "phone_note": STRING,
            "entry": entry_ref,
        },
        "Une ligne du tableau des Fonds de Participation des Habitants.",
    )
    contact = obj(
        {
            "kind": {"enum": ContactKind.values},
            "kind_label": STRING,
            "label": STRING,
            "value": {
                "type": "string",
                "description": "Valeur enregistrée (téléphone en E.164 ; modèle avec XX pour "
                "« email_pattern »).",
            },
            "display_value": {"type": "string", "description": "Valeur telle qu'imprimée."},
            "href": {"type": "string", "description": "Lien mailto:, tel: ou https:, ou vide."},
            "arrondissement": nullable(ARRONDISSEMENT),
            "is_pattern": {"type": "boolean"},
            "resolved": nullable(
                {
                    "type": "array",
                    "description": "Pour un modèle : l'adresse de chaque arrondissement concerné.",
                    "items": obj(
                        {"arrondissement": ARRONDISSEMENT, "value": STRING, "href": STRING},
                        required=["arrondissement", "value", "href"],
                    ),
                }
            ),
        },
        required=[
            "kind",
            "kind_label",
            "label",
            "value",
            "display_value",
            "href",
            "arrondissement",
            "is_pattern",
            "resolved",
        ],
    )
    tag = obj({"code": STRING, "label": STRING}, required=["code", "label"])
    section = obj(
        {
            "kind": {"enum": EntryKind.values},
            "number": INTEGER,
            "title": STRING,
            "slug": STRING,
            "html_url": URL,
        },
        required=["kind", "number", "title", "slug", "html_url"],
    )
    entry = item_schema(
        item_meta(
            "entries.Entry",
            {"slug": STRING, "first_published_at": DATETIME, "last_published_at": DATETIME},
            required_extra=["slug", "first_published_at", "last_published_at"],
        ),
        {
            "title": STRING,
            "short_name": STRING,
            "display_name": STRING,
            "slug": STRING,
            "kind": {"enum": EntryKind.values},
            "kind_label": STRING,
            "group": STRING,
            "section": nullable(ref("Section")),
            "order": {"type": "integer", "minimum": 1, "description": "Position dans le guide."},
            "summary": HTML,
            "for_whom": HTML,
            "why": HTML,
            "how": HTML,
            "min_age": nullable({"type": "integer", "minimum": 0}),
            "max_age": nullable({"type": "integer", "minimum": 0}),
            "key_figures": {"type": "array", "items": STRING},
            "contacts": {"type": "array", "items": ref("Contact")},
            "links": {
                "type": "array",
                "items": obj(
                    {"label": STRING, "url": URL, "text": STRING, "display_text": STRING},
                    required=["label", "url", "text", "display_text"],
                ),
            },
            "audiences": {"type": "array", "items": ref("Tag")},
            "actions": {"type": "array", "items": ref("Tag")},
            "citywide": {"type": "boolean"},
            "arrondissements": {
                "type": "array",
                "items": ARRONDISSEMENT,
                "description": "Arrondissements où l'entrée s'applique (les 20 si tout Paris).",
            },
            "fph_funds": {"type": "array", "items": ref("FphItem")},
        },
        "Une entrée publiée du guide, avec tout son contenu.",
    )
    arrondissement_contact = obj(
        {
            "entry": obj(
                {"id": INTEGER, "slug": STRING, "title": STRING}, required=["id", "slug", "title"]
            ),
            "kind": {"enum": ContactKind.values},
            "label": STRING,
            "value": STRING,
            "display_value": STRING,
            "href": STRING,
        },
        required=["entry", "kind", "label", "value", "display_value", "href"],
    )
    arrondissement = item_schema(
        item_meta("arrondissements"),
        {
            "number": ARRONDISSEMENT,
            "label": STRING,
            "name": STRING,
            "entries": {
                "type": "array",
                "description": "Entrées qui s'appliquent dans l'arrondissement, dans l'ordre du guide.",
                "items": obj(
                    {**entry_ref["properties"], "citywide": {"type": "boolean"}},
                    required=[*entry_ref["required"], "citywide"],
                ),
            },
            "nearby_entries": {
                "type": "array",
                "items": INTEGER,
                "description": "Identifiants des entrées propres à quelques arrondissements.",
            },
            "through_mairie_entries": {
                "type": "array",
                "items": INTEGER,
                "description": "Entrées de tout Paris que l'on rejoint par sa mairie d'arrondissement.",
            },
            "contacts": {
                "type": "array",
                "items": ref("ArrondissementContact"),
                "description": "Contacts propres à l'arrondissement (kiosque, adresse du conseil "
                "citoyen résolue…).",
            },
            "fph_funds": {"type": "array", "items": ref("FphItem")},
        },
        "Un arrondissement et ce qui s'y applique.",
    )
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
    guide = obj(
        {
            "title": STRING,
            "subtitle": STRING,
            "publisher_name": STRING,
            "edition_label": STRING,
            "edito": obj(
                {"title": STRING, "author": STRING, "role": STRING, "text": HTML},
                required=["title", "author", "role", "text"],
            ),
            "commitments": {
                "type": "array",
                "items": obj({"title": STRING, "text": STRING}, required=["title", "text"]),
            },
            "sections": {
                "type": "array",
                "items": obj(
                    {**section["properties"], "intro": HTML},
                    required=[*section["required"], "intro"],
                ),
            },
            "closing": obj(
                {"title": STRING, "text": HTML, "url": STRING}, required=["title", "text", "url"]
            ),
            "publisher_block": HTML,
        },
        required=[
            "title",
            "subtitle",
            "publisher_name",
            "edition_label",
            "edito",
            "commitments",
            "sections",
            "closing",
            "publisher_block",
        ],
        description="Le cadre du guide : couverture, édito, engagements, introductions des "
        "parties, page de clôture et éditeur.",
    )
    return {
        "Guide": guide,
        "Error": obj(
            {"message": {"type": "string", "description": "Message en français."}},
            required=["message"],
        ),
        "Section": section,
        "Contact": contact,
        "Tag": tag,
        "EntryRef": entry_ref,
        "EntryItem": entry,
        "EntryListing": listing(ref("EntryItem")),
        "FphItem": fph,
        "FphListing": listing(ref("FphItem")),
        "ArrondissementContact": arrondissement_contact,
        "ArrondissementItem": arrondissement,
        "ArrondissementListing": listing(ref("ArrondissementItem")),
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


def codes(model):
    return {"enum": list(model.objects.values_list("code", flat=True))}


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


def paths():
    arrondissement_param = query(
        "arrondissement", ARRONDISSEMENT, "Numéro d'arrondissement, de 1 à 20."
    )
    entry_params = [
        *common_parameters(["order", "title", "id"], ENTRY_FIELDS),
        query("search_operator", {"enum": ["and", "or"]}, "Combinaison des mots cherchés."),
        query("kind", {"enum": EntryKind.values}, "Partie du guide."),
        query("audience", codes(Audience), "Public (code)."),
        query("action", codes(Action), "Démarche (code)."),
        {
            **arrondissement_param,
            "description": "Entrées qui s'appliquent dans cet arrondissement (y compris celles "
            "de tout Paris).",
        },
        query("slug", STRING, "Adresse web de l'entrée."),
    ]
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
        "/api/v2/guide/": {
            "get": {
                "summary": "Le cadre du guide",
                "description": "Ce que le site et le PDF montrent autour des entrées : "
                "couverture, édito (auteur·rice, fonction, texte), engagements de la Ville, "
                "introduction de chaque partie, page de clôture et bloc éditeur.",
                "tags": ["guide"],
                "parameters": [IF_NONE_MATCH],
                "responses": responses(ref("Guide"), detail=True),
            }
        },
        "/api/v2/entries/": operation(
            "Entrées du guide",
            "Toutes les entrées publiées ; par défaut quelques champs, `?fields=*` pour tout.",
            entry_params,
            ref("EntryListing"),
            "guide",
        ),
        "/api/v2/entries/{id}/": operation(
            "Une entrée du guide",
            "Tout le contenu publié d'une entrée.",
            [ID, detail_fields(ENTRY_FIELDS)],
            ref("EntryItem"),
            "guide",
            detail=True,
        ),
        "/api/v2/fph/": operation(
            "Fonds de Participation des Habitants",
            "Les lignes du tableau des FPH, dans l'ordre du guide.",
            [
                *common_parameters(["arrondissement", "association", "id"], FPH_FIELDS),
                arrondissement_param,
                query("fund", {"enum": FundType.values}, "Nom du fonds."),
            ],
            ref("FphListing"),
            "guide",
        ),
        "/api/v2/fph/{id}/": operation(
            "Une ligne du tableau des FPH",
            "",
            [ID, detail_fields(FPH_FIELDS)],
            ref("FphItem"),
            "guide",
            detail=True,
        ),
        "/api/v2/arrondissements/": operation(
            "Arrondissements",
            "Les 20 arrondissements ; `?fields=*` pour ce qui s'applique dans chacun.",
            common_parameters(["number", "id"], ARRONDISSEMENT_FIELDS),
            ref("ArrondissementListing"),
            "guide",
        ),
        "/api/v2/arrondissements/{id}/": operation(
            "Un arrondissement",
            "Ce que montre la page /participez/arrondissements/<n>/.",
            [
                {**ID, "schema": {"type": "integer", "minimum": 1}},
                detail_fields(ARRONDISSEMENT_FIELDS),
            ],
            ref("ArrondissementItem"),
            "guide",
            detail=True,
        ),
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


def extend_openapi(document):
    """Add consultations/ to the document."""
    schemas = document["components"]["schemas"]
    choice = {
        "anyOf": [
            STRING,
            INTEGER,
            obj({"value": STRING, "label": STRING}, required=["value", "label"]),
        ]
    }
    schemas["Question"] = obj(
        {
            "id": STRING,
            "type": STRING,
            "label": STRING,
            "hint": STRING,
            "required": {"type": "boolean"},
            "consent_label": STRING,
            "choices": {"type": "array", "items": choice},
            "low_label": STRING,
            "high_label": STRING,
            "max_length": INTEGER,
        },
        required=["id", "type", "label", "hint", "required"],
    )
    count = {"type": "integer", "minimum": 0}
    pct = {"type": "number", "minimum": 0, "maximum": 100}
    schemas["ConsultationResults"] = obj(
        {
            "total": count,
            "online": count,
            "paper": count,
            "questions": {
                "type": "array",
                "items": obj(
                    {
                        "id": STRING,
                        "label": STRING,
                        "type": STRING,
                        "answered": count,
                        "answered_online": count,
                        "answered_paper": count,
                        "options": {
                            "type": "array",
                            "items": obj(
                                {
                                    "label": STRING,
                                    "online": count,
                                    "online_pct": pct,
                                    "paper": count,
                                    "paper_pct": pct,
                                    "total": count,
                                    "total_pct": pct,
                                },
                                required=[
                                    "label",
                                    "online",
                                    "online_pct",
                                    "paper",
                                    "paper_pct",
                                    "total",
                                    "total_pct",
                                ],
                            ),
                        },
                    },
                    required=[
                        "id",
                        "label",
                        "type",
                        "answered",
                        "answered_online",
                        "answered_paper",
                        "options",
                    ],
                ),
            },
            "quotes": {
                "type": "array",
                "description": "Réponses libres que la rédaction a choisi de publier.",
                "items": obj({"question": STRING, "text": STRING}, required=["question", "text"]),
            },
        },
        required=["total", "online", "paper", "questions", "quotes"],
    )
    schemas["ConsultationItem"] = item_schema(
        item_meta("consultations.Consultation"),
        {
            "title": STRING,
            "slug": STRING,
            "introduction": HTML,
            "opens_at": {"type": "string", "format": "date-time"},
            "closes_at": {"type": "string", "format": "date-time"},
            "state": {"enum": ConsultationState.values},
            "state_label": STRING,
            "questions": {"type": "array", "items": ref("Question")},
            "privacy_notice": HTML,
            "embed_url": URL,
            "answers_url": {
                **URL,
                "description": "Questionnaire et envoi des réponses en JSON (hors de /api/v2/).",
            },
            "results_published": {
                "type": "boolean",
                "description": "Vrai quand la consultation est terminée et sa restitution publiée.",
            },
            "restitution_text": nullable(HTML),
            "results": nullable(ref("ConsultationResults")),
        },
        "Une consultation publiée ; les résultats seulement une fois la restitution publiée.",
    )
    schemas["ConsultationListing"] = listing(ref("ConsultationItem"))
    orderings = list(ConsultationsAPIViewSet.orderings)
    CONSULTATION_FIELDS = ConsultationSerializer.field_names()
    document["paths"]["/api/v2/consultations/"] = operation(
        "Consultations",
        "Consultations publiées : à venir, ouvertes ou terminées.",
        [
            *common_parameters(orderings, CONSULTATION_FIELDS),
            query("state", {"enum": ConsultationState.values}, "État de la consultation."),
        ],
        ref("ConsultationListing"),
        "guide",
    )
    document["paths"]["/api/v2/consultations/{id}/"] = operation(
        "Une consultation",
        "Métadonnées, état, questions ; résultats une fois publiés.",
        [ID, detail_fields(CONSULTATION_FIELDS)],
        ref("ConsultationItem"),
        "guide",
        detail=True,
    )
    # The JSON answer endpoint lives with the consultations; its description too.
    extend_with_answers(document)
    return document


def openapi_document():
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
        "paths": paths(),
        "components": {"schemas": schemas()},
    }
    extend_openapi(document)
    return document


def openapi_view(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False, "indent": 2})
