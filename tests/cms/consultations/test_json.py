"""Headless answering: the same rules as the HTML form, in JSON."""

import json

import pytest

from cms.consultations.models import Answer

pytestmark = pytest.mark.django_db


def url_of(consultation):
    return f"{consultation.get_url_path()}answers.json"


def get_token(client, consultation):
    body = client.get(url_of(consultation)).json()
    return body["token"]


def post_json(client, consultation, payload, **extra):
    return client.post(
        url_of(consultation), json.dumps(payload), content_type="application/json", **extra
    )


def answers(**overrides):
    data = {
        "engagement": "Former",
        "outils": ["Conseils de quartier"],
        "confiance": 5,
        "arrondissement": 20,
        "age": "65-plus",
        "commentaires": '=HYPERLINK("http://x")',
    }
    data.update(overrides)
    return data


def test_schema_lists_every_question_and_a_token(client, consultation):
    body = client.get(url_of(consultation)).json()
    assert body["consultation"]["state"] == "open"
    types = [q["type"] for q in body["consultation"]["questions"]]
    assert types == [
        "single_choice",
        "multiple_choice",
        "scale",
        "short_text",
        "long_text",
        "arrondissement",
        "age_bracket",
        "email",
    ]
    assert body["consultation"]["questions"][3]["max_length"] == 50
    assert body["token"]


def test_valid_json_answer_is_stored_once(client, consultation):
    token = get_token(client, consultation)
    payload = {
        "token": token,
        "answers": answers(),
        "email": "a@example.org",
        "email_consent": True,
    }
    first = post_json(client, consultation, payload)
    again = post_json(client, consultation, payload)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    answer = Answer.objects.get()
    assert answer.source == "api" and answer.arrondissement == 20 and answer.email_consent


def test_json_validation_errors(client, consultation):
    token = get_token(client, consultation)
    response = post_json(
        client,
        consultation,
        {
            "token": token,
            "answers": answers(engagement=None, arrondissement=42, proposition="x" * 80),
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid"
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"engagement", "arrondissement", "proposition"}
    assert all(error["message"] for error in body["errors"])
    assert Answer.objects.count() == 0


def test_json_without_token_gets_a_fresh_one(client, consultation):
    response = post_json(client, consultation, {"answers": answers()})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid_token" and body["token"]
    assert Answer.objects.count() == 0
    assert (
        post_json(client, consultation, {"token": body["token"], "answers": answers()}).status_code
        == 201
    )


def test_json_honeypot_answer_is_held_and_says_so(client, consultation):
    token = get_token(client, consultation)
    response = post_json(
        client, consultation, {"token": token, "answers": answers(), "site_web": "spam"}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "held"
    assert "vérifiée" in response.json()["message"]
    assert Answer.objects.get().held_reason == "honeypot"


def test_json_rate_limit(client, consultation, settings):
    settings.CONSULTATION_RATE_LIMIT = "1/600"
    assert (
        post_json(
            client, consultation, {"token": get_token(client, consultation), "answers": answers()}
        ).status_code
        == 201
    )
    response = post_json(
        client, consultation, {"token": get_token(client, consultation), "answers": answers()}
    )
    assert response.status_code == 429
    assert response.json()["status"] == "rate_limited"


def test_json_closed_consultation(client, consultation):
    from django.utils import timezone

    token = get_token(client, consultation)
    consultation.closes_at = timezone.now()
    consultation.save()
    response = post_json(client, consultation, {"token": token, "answers": answers()})
    assert response.status_code == 410
    assert "terminée" in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{pas du json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('{"answers": "texte"}', "application/json", 400),
        ("answers=1", "application/x-www-form-urlencoded", 415),
    ],
)
def test_malformed_requests(client, consultation, body, content_type, status):
    response = client.post(url_of(consultation), body, content_type=content_type)
    assert response.status_code == status
    assert response.json()["message"]


def test_json_body_too_large(client, consultation):
    payload = {"token": "x", "answers": {"commentaires": "x" * 70_000}}
    response = post_json(client, consultation, payload)
    assert response.status_code == 413
    assert response.json()["status"] == "error"


def test_json_cors_for_allowed_origins_only(client, consultation, settings):
    settings.CONSULTATION_EMBED_ALLOWED_ORIGINS = ["https://www.paris.fr"]
    allowed = client.options(url_of(consultation), HTTP_ORIGIN="https://www.paris.fr")
    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == "https://www.paris.fr"
    refused = post_json(
        client, consultation, {"answers": answers()}, HTTP_ORIGIN="https://evil.example"
    )
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"token": 12345}, "token"),
        ({"token": ["a"]}, "token"),
        ({"site_web": 1}, "site_web"),
        ({"answers": ["Former"]}, "answers"),
        ({"answers": {"commentaires": ["une", "liste"]}}, "commentaires"),
        ({"answers": {"commentaires": {"a": 1}}}, "commentaires"),
        ({"answers": {"confiance": True}}, "confiance"),
        ({"answers": {"outils": "Conseils de quartier"}}, "outils"),
        ({"answers": {"outils": [1, 2]}}, "outils"),
        ({"email": 5}, "email"),
        ({"email_consent": "oui"}, "email_consent"),
    ],
    ids=lambda value: json.dumps(value) if isinstance(value, dict) else value,
)
def test_values_of_the_wrong_type_get_a_json_400_and_nothing_is_stored(
    client, consultation, payload, field
):
    body = {"token": get_token(client, consultation), "answers": answers()}
    for key, value in payload.items():
        if key == "answers" and isinstance(value, dict):
            body["answers"] = {**body["answers"], **value}
        else:
            body[key] = value
    response = post_json(client, consultation, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    result = response.json()
    assert result["status"] == "invalid"
    assert field in [error["field"] for error in result["errors"]]
    assert Answer.objects.count() == 0


def test_deeply_nested_json_is_a_json_400(client, consultation):
    body = '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(url_of(consultation), body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response.json()["status"] in ("malformed", "error")
    body = "[" * 20_000 + "]" * 20_000
    response = client.post(url_of(consultation), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == "malformed"


def test_a_number_for_a_text_or_a_scale_is_taken_as_its_text(client, consultation):
    body = {
        "token": get_token(client, consultation),
        "answers": answers(confiance="4", arrondissement="20", commentaires=42),
    }
    assert post_json(client, consultation, body).status_code == 201
    stored = Answer.objects.get()
    assert stored.data["confiance"] == 4
    assert stored.data["commentaires"] == "42"


def test_unknown_consultation_is_a_json_404(client, db):
    response = client.get("/participez/consultations/inconnue/answers.json")
    assert response.status_code == 404
    assert response.json()["status"] == "not_found"
    response = client.post(
        "/participez/consultations/inconnue/answers.json", "{}", content_type="application/json"
    )
    assert response.status_code == 404


def test_other_methods_are_a_json_405(client, consultation):
    response = client.delete(url_of(consultation))
    assert response.status_code == 405
    assert response.json()["status"] == "method_not_allowed"
    assert "POST" in response["Allow"]


def test_expired_consultation_is_gone_in_json_as_on_its_page(client, consultation):
    token = get_token(client, consultation)
    consultation.expire_at = consultation.opens_at
    consultation.save(update_fields=["expire_at"])
    assert client.get(url_of(consultation)).status_code == 404
    response = post_json(client, consultation, {"answers": answers(), "token": token})
    assert response.status_code == 404
    assert "Aucune consultation publiée" in response.json()["message"]
    assert not Answer.objects.exists()
