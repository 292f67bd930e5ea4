"""Headless answering: the same consultation as JSON, for a front end that is not ours.

GET  <consultations>/<slug>/answers.json  → the questionnaire and a one-time token
POST <consultations>/<slug>/answers.json  → {"token", "answers", "email", "email_consent"}

The POST goes through exactly the same form, token, spam checks and rate limit as the
HTML form (see submissions.py); only the envelope differs.
"""

import json
import logging

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cms.core.arrondissements import ARRONDISSEMENT_CHOICES

from . import submissions
from .choices import AGE_BRACKETS, SCALE_VALUES
from .forms import (
    CONSENT_FIELD,
    EMAIL_FIELD,
    HONEYPOT_FIELD,
    TOKEN_FIELD,
    field_name,
)
from .models import Consultation, ConsultationState
from .protection import is_allowed_origin, issue_token, limit_body_size, origin_allowed
from .views import DATABASE_ERRORS, state_message

logger = logging.getLogger(__name__)

JSON_FIELD_FOR = {EMAIL_FIELD: "email", CONSENT_FIELD: "email_consent", TOKEN_FIELD: "token"}


def question_schema(consultation):
    items = []
    for question_id, block_type, value in consultation.question_list():
        item = {
            "id": question_id,
            "type": block_type,
            "label": value["label"],
            "hint": value.get("hint") or "",
        }
        if block_type == "email":
            item.update({"required": False, "consent_label": value["consent_label"]})
        else:
            item["required"] = bool(value.get("required"))
        if block_type in ("single_choice", "multiple_choice"):
            item["choices"] = list(value["choices"])
        elif block_type == "scale":
            item.update(
                {
                    "choices": SCALE_VALUES,
                    "low_label": value["low_label"],
                    "high_label": value["high_label"],
                }
            )
        elif block_type in ("short_text", "long_text"):
            item["max_length"] = value["max_length"]
        elif block_type == "arrondissement":
            item["choices"] = [number for number, _label in ARRONDISSEMENT_CHOICES]
        elif block_type == "age_bracket":
            item["choices"] = [{"value": v, "label": label} for v, label in AGE_BRACKETS]
        items.append(item)
    return items


def _cors(request, response):
    origin = request.META.get("HTTP_ORIGIN")
    if origin and is_allowed_origin(origin):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "600"
    response["Vary"] = "Origin"
    return response


def _error(request, status, code, message, **extra):
    return _cors(
        request, JsonResponse({"status": code, "message": message, **extra}, status=status)
    )


class EnvelopeError(ValueError):
    """A JSON body of the wrong shape: each item is (field, French message)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _optional_string(payload, key, errors):
    value = payload.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append((key, f"« {key} » doit être une chaîne de caractères."))
        return ""
    return value


def _answer_value(question_type, value):
    """The value as the form expects it, or None when its JSON type cannot be an answer to
    this kind of question (a list for a text, an object anywhere, true for a scale…)."""
    if value is None:
        return ""
    if question_type == "multiple_choice":
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


TYPE_MESSAGES = {
    "multiple_choice": "une liste de réponses proposées (chaînes de caractères)",
    "scale": "un nombre de 1 à 5",
    "arrondissement": "un numéro d'arrondissement de 1 à 20",
}


def _form_data(payload, consultation):
    """The form's data from the JSON envelope; EnvelopeError when a value has the wrong type.

    Values are checked against the question's type before the form sees them: the form
    would turn a list or an object into its Python text and store that."""
    errors = []
    data = {
        TOKEN_FIELD: _optional_string(payload, "token", errors),
        HONEYPOT_FIELD: _optional_string(payload, HONEYPOT_FIELD, errors),
    }
    answers = payload.get("answers")
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        errors.append(("answers", "« answers » doit être un objet {identifiant: réponse}."))
        answers = {}
    types = {question_id: block_type for question_id, block_type, _ in consultation.question_list()}
    for question_id, value in answers.items():
        question_type = types.get(question_id)
        if question_type is None or question_type == "email":
            continue  # not a question of this consultation: ignored, as a form ignores it
        converted = _answer_value(question_type, value)
        if converted is None:
            expected = TYPE_MESSAGES.get(question_type, "une chaîne de caractères")
            errors.append((question_id, f"La réponse à « {question_id} » doit être {expected}."))
            continue
        data[field_name(question_id)] = converted
    if "email" in payload:
        data[EMAIL_FIELD] = _optional_string(payload, "email", errors)
    consent = payload.get("email_consent")
    if consent not in (None, True, False):
        errors.append(("email_consent", "« email_consent » doit valoir true ou false."))
    elif consent:
        data[CONSENT_FIELD] = True
    if errors:
        raise EnvelopeError(errors)
    return data


def _json_errors(form):
    errors = []
    for name, messages in form.errors.items():
        key = JSON_FIELD_FOR.get(name, name[2:] if name.startswith("q_") else name)
        for message in messages:
            errors.append({"field": key, "message": message})
    return errors


@csrf_exempt
@limit_body_size
def answers_json(request, slug):
    try:
        return _answers_json(request, slug)
    except DATABASE_ERRORS as error:
        logger.error("Base de données injoignable (answers.json) : %s", error)
        response = _error(
            request,
            503,
            "unavailable",
            "Service momentanément indisponible : aucune réponse enregistrée. Renvoyez la "
            "même requête (même jeton) dans quelques minutes.",
        )
        response["Retry-After"] = "60"
        return response


def _answers_json(request, slug):
    # published(): an expired consultation is gone for partners too, as on its HTML page.
    consultation = Consultation.objects.published().filter(slug=slug).first()
    if consultation is None:
        return _error(request, 404, "not_found", "Aucune consultation publiée à cette adresse.")
    if request.method == "OPTIONS":
        return _cors(request, HttpResponse(status=204))
    if request.method in ("GET", "HEAD"):
        state = consultation.state()
        body = {
            "consultation": {
                "slug": consultation.slug,
                "title": consultation.title,
                "state": state,
                "opens_at": timezone.localtime(consultation.opens_at).isoformat(),
                "closes_at": timezone.localtime(consultation.closes_at).isoformat(),
                "questions": question_schema(consultation),
            },
            "token": issue_token(consultation) if state == ConsultationState.OPEN else None,
        }
        return _cors(request, JsonResponse(body))
    if request.method != "POST":
        response = _error(
            request, 405, "method_not_allowed", "Méthode non acceptée : utilisez GET ou POST."
        )
        response["Allow"] = "GET, HEAD, POST, OPTIONS"
        return response
    if not origin_allowed(request):
        return _error(
            request,
            403,
            "forbidden_origin",
            "Cette origine n'est pas autorisée à envoyer des réponses.",
        )
    if request.content_type != "application/json":
        return _error(
            request,
            415,
            "unsupported_media_type",
            "Envoyez un corps JSON (Content-Type: application/json).",
        )
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: thousands of nested brackets, which a questionnaire never needs.
        payload = None
    if not isinstance(payload, dict):
        return _error(
            request, 400, "malformed", "Le corps de la requête n'est pas un objet JSON valide."
        )
    try:
        data = _form_data(payload, consultation)
    except EnvelopeError as error:
        return _error(
            request,
            400,
            "invalid",
            "Certaines valeurs n'ont pas le type attendu : aucune réponse enregistrée.",
            errors=[{"field": field, "message": message} for field, message in error.errors],
        )

    outcome = submissions.submit(request, consultation, data, "api")
    if outcome.kind == submissions.HELD:
        body = {
            "status": "held",
            "message": (
                "Merci, votre réponse a bien été reçue. Envoyée très vite, elle sera vérifiée "
                "par l'équipe de la Ville avant d'être comptée."
            ),
        }
        return _cors(request, JsonResponse(body, status=201))
    if outcome.accepted:
        return _cors(
            request,
            JsonResponse(
                {"status": "accepted", "message": "Merci, votre réponse a bien été enregistrée."},
                status=201,
            ),
        )
    if outcome.kind == submissions.CLOSED:
        status = 403 if outcome.state == ConsultationState.UPCOMING else 410
        return _error(request, status, outcome.state, state_message(consultation, outcome.state))
    if outcome.kind == submissions.RESUBMIT:
        errors = _json_errors(outcome.form) if outcome.form.errors else []
        errors.insert(
            0,
            {
                "field": "token",
                "message": "Jeton absent, invalide ou expiré : renvoyez avec le nouveau jeton.",
            },
        )
        return _error(
            request,
            400,
            "invalid_token",
            "Aucune réponse enregistrée.",
            errors=errors,
            token=outcome.token,
        )
    if outcome.kind == submissions.INVALID:
        return _error(
            request,
            400,
            "invalid",
            "Certaines réponses sont à corriger.",
            errors=_json_errors(outcome.form),
        )
    if outcome.kind == submissions.RATE_LIMITED:
        return _error(
            request,
            429,
            "rate_limited",
            "Trop d'envois depuis cette adresse : réessayez dans quelques minutes.",
        )
    return _error(
        request, 503, "busy", "Service très sollicité : renvoyez la même requête dans un instant."
    )
