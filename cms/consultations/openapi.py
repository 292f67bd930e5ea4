"""OpenAPI 3.1 description of a consultation's answers.json address, for the
API's document (cms/api adds it to /api/v2/openapi.json). Every status the view answers
is listed here with its JSON body; tests/cms/consultations/test_json.py checks the view
against it."""

from django.urls import reverse

JSON = "application/json"
STRING = {"type": "string"}


def _obj(properties, required=()):
    return {"type": "object", "properties": properties, "required": list(required)}


def schemas():
    error_item = _obj({"field": STRING, "message": STRING}, required=["field", "message"])
    choice = {
        "anyOf": [
            STRING,
            {"type": "integer"},
            _obj({"value": STRING, "label": STRING}, required=["value", "label"]),
        ]
    }
    question = _obj(
        {
            "id": STRING,
            "type": {
                "enum": [
                    "single_choice",
                    "multiple_choice",
                    "scale",
                    "short_text",
                    "long_text",
                    "arrondissement",
                    "age_bracket",
                    "email",
                ]
            },
            "label": STRING,
            "hint": STRING,
            "required": {"type": "boolean"},
            "consent_label": STRING,
            "choices": {"type": "array", "items": choice},
            "low_label": STRING,
            "high_label": STRING,
            "max_length": {"type": "integer"},
        },
        required=["id", "type", "label", "hint", "required"],
    )
    answer_value = {
        "anyOf": [
            {"type": "string"},
            {"type": "integer"},
            {"type": "array", "items": {"type": "string"}},
            {"type": "null"},
        ],
        "description": (
            "Texte pour un choix ou un texte libre, liste de textes pour un choix multiple, "
            "1 à 5 pour une échelle, 1 à 20 pour l'arrondissement, code de tranche d'âge."
        ),
    }
    return {
        "AnswerQuestionnaire": _obj(
            {
                "consultation": _obj(
                    {
                        "slug": STRING,
                        "title": STRING,
                        "state": {"enum": ["upcoming", "open", "closed"]},
                        "opens_at": {"type": "string", "format": "date-time"},
                        "closes_at": {"type": "string", "format": "date-time"},
                        "questions": {"type": "array", "items": question},
                    },
                    required=["slug", "title", "state", "opens_at", "closes_at", "questions"],
                ),
                "token": {"type": ["string", "null"]},
            },
            required=["consultation", "token"],
        ),
        "AnswerSubmission": {
            **_obj(
                {
                    "token": {"type": "string", "description": "Le jeton reçu par GET."},
                    "answers": {"type": "object", "additionalProperties": answer_value},
                    "email": {"type": ["string", "null"]},
                    "email_consent": {"type": ["boolean", "null"]},
                },
                required=["token", "answers"],
            ),
        },
        "AnswerAccepted": _obj(
            {"status": {"enum": ["accepted", "held"]}, "message": STRING},
            required=["status", "message"],
        ),
        "AnswerError": _obj(
            {
                "status": {
                    "type": "string",
                    "description": (
                        "malformed, invalid, invalid_token, not_found, method_not_allowed, "
                        "forbidden_origin, unsupported_media_type, error (trop volumineux), "
                        "upcoming, closed, rate_limited, busy, unavailable"
                    ),
                },
                "message": {"type": "string", "description": "Message en français."},
                "errors": {"type": "array", "items": error_item},
                "token": {"type": "string", "description": "Nouveau jeton (invalid_token)."},
            },
            required=["status", "message"],
        ),
    }


def _response(description, schema):
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def path_item():
    error = "AnswerError"
    slug = {
        "name": "slug",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    }
    common = {
        "404": _response("Aucune consultation publiée à cette adresse.", error),
        "503": _response("Base de données indisponible : renvoyez plus tard.", error),
    }
    return {
        "get": {
            "parameters": [slug],
            "tags": ["consultations"],
            "summary": "Le questionnaire et un jeton à usage unique",
            "operationId": "consultation_answers_form",
            "responses": {"200": _response("Questionnaire.", "AnswerQuestionnaire"), **common},
        },
        "post": {
            "parameters": [slug],
            "tags": ["consultations"],
            "summary": "Envoyer une réponse",
            "operationId": "consultation_answers_submit",
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": {"$ref": "#/components/schemas/AnswerSubmission"}}},
            },
            "responses": {
                "201": _response(
                    "Réponse enregistrée (aussi pour un renvoi avec le même jeton) ; « held » : "
                    "mise de côté pour vérification, publiée après relecture.",
                    "AnswerAccepted",
                ),
                "400": _response(
                    "Corps invalide, valeur du mauvais type, réponse à corriger, ou jeton "
                    "absent/expiré (un nouveau jeton est joint).",
                    error,
                ),
                "403": _response("Origine refusée, ou consultation pas encore ouverte.", error),
                "405": _response("Méthode non acceptée.", error),
                "410": _response("Consultation terminée.", error),
                "413": _response("Corps de plus de 64 Ko.", error),
                "415": _response("Le corps n'est pas du JSON.", error),
                "429": _response("Trop d'envois depuis cette adresse.", error),
                **common,
            },
        },
    }


def extend(document):
    """Add answers.json to an OpenAPI document (its servers name the site's root)."""
    # The consultations' mount point comes from the URLconf, like every other address.
    path = reverse("consultations:list") + "{slug}/answers.json"
    document.setdefault("paths", {})[path] = path_item()
    document.setdefault("components", {}).setdefault("schemas", {}).update(schemas())
    tags = document.setdefault("tags", [])
    if not any(tag.get("name") == "consultations" for tag in tags):
        tags.append({"name": "consultations", "description": "Répondre aux consultations en JSON."})
    return document
