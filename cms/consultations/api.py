"""Headless answering: the same consultation as JSON, for a front end that is not ours.

GET  /participez/consultations/<slug>/answers.json  → the questionnaire and a one-time token
POST /participez/consultations/<slug>/answers.json  → {"token", "answers", "email", "email_consent"}

The POST goes through exactly the same form, token, spam checks and rate limit as the
HTML form (see submissions.py); only the envelope differs.
"""

import json

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from . import submissions
from .blocks import AGE_BRACKETS, SCALE_VALUES
from .forms import (
    CONSENT_FIELD,
    EMAIL_FIELD,
    HONEYPOT_FIELD,
    TOKEN_FIELD,
    field_name,
)
from .models import ConsultationState
from .protection import is_allowed_origin, issue_token, limit_body_size, origin_allowed
from .views import live_consultation, state_message

JSON_FIELD_FOR = {EMAIL_FIELD: "email", CONSENT_FIELD: "email_consent", TOKEN_FIELD: "token"}


def question_schema(consultation):
    from cms.core.arrondissements import ARRONDISSEMENT_CHOICES

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


def _form_data(payload):
    data = {
        TOKEN_FIELD: payload.get("token") or "",
        HONEYPOT_FIELD: payload.get(HONEYPOT_FIELD) or "",
    }
    answers = payload.get("answers") or {}
    if not isinstance(answers, dict):
        raise ValueError("answers")
    for question_id, value in answers.items():
        data[field_name(question_id)] = value
    if "email" in payload:
        data[EMAIL_FIELD] = payload.get("email") or ""
    if payload.get("email_consent"):
        data[CONSENT_FIELD] = True
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
    consultation = live_consultation(slug)
    if request.method == "OPTIONS":
        return _cors(request, HttpResponse(status=204))
    if request.method == "GET":
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
        return _error(
            request, 405, "method_not_allowed", "Méthode non acceptée : utilisez GET ou POST."
        )
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
        if not isinstance(payload, dict):
            raise ValueError("object")
        data = _form_data(payload)
    except (UnicodeDecodeError, ValueError):
        return _error(
            request, 400, "malformed", "Le corps de la requête n'est pas un objet JSON valide."
        )

    outcome = submissions.submit(request, consultation, data, "api")
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
