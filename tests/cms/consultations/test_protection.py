"""Spam, forged or stale tokens, oversized bodies and foreign origins: turned away, counted
where it is spam, and never stored as a counted answer: what looks automatic is kept
aside for an analyst, never thrown away."""

import time

from django.core import signing

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer, SpamCounter
from cms.consultations.protection import TOKEN_SALT, issue_token

from .conftest import token_from, valid_answers

pytestmark = pytest.mark.django_db


def spam_count(consultation, reason):
    counter = SpamCounter.objects.filter(consultation=consultation, reason=reason).first()
    return counter.count if counter else 0


def test_honeypot_answer_is_kept_aside_not_thrown_away(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token, site_web="http://spam.example"))
    assert response.status_code == 303
    assert response["Location"].endswith("/merci/")
    answer = Answer.objects.get()
    assert answer.held and answer.held_reason == "honeypot"
    assert answer.data["proposition"] == "Des réunions le soir"
    assert Answer.objects.counted().count() == 0


def test_honeypot_is_hidden_from_people(client, consultation):
    html = client.get(consultation.get_url_path()).content.decode()
    trap = html.split('class="c-trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in html.split('class="c-trap"')[1][:40]
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_form_sent_faster_than_a_person_can_is_kept_aside(client, consultation, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    url = consultation.get_url_path()
    token = token_from(client.get(url))
    response = client.post(url, valid_answers(token))
    assert response.status_code == 303
    answer = Answer.objects.get()
    assert answer.held and answer.held_reason == "too_fast"
    # A double click on the same form stays one answer.
    assert client.post(url, valid_answers(token)).status_code == 303
    assert Answer.objects.count() == 1


def test_form_filled_in_normal_time_is_accepted(client, consultation, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    payload = {"c": consultation.pk, "u": "0" * 31 + "1", "t": int(time.time()) - 60, "k": "f"}
    token = signing.dumps(payload, salt=TOKEN_SALT)
    assert client.post(consultation.get_url_path(), valid_answers(token)).status_code == 303
    assert Answer.objects.get().held is False


def test_rate_limit_per_address_keeps_the_answers_and_counts(
    client, consultation, fresh_form, settings
):
    settings.CONSULTATION_RATE_LIMIT = "2/600"
    for _ in range(2):
        url, token = fresh_form(consultation)
        assert client.post(url, valid_answers(token)).status_code == 303
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de réponses ont été envoyées depuis votre connexion" in html
    assert 'value="Des réunions le soir"' in html
    assert Answer.objects.count() == 2
    assert spam_count(consultation, "rate_limit") == 1
    # Another address is not affected.
    url, token = fresh_form(consultation)
    assert client.post(url, valid_answers(token), REMOTE_ADDR="10.1.2.3").status_code == 303


def test_rate_limit_is_per_consultation(client, consultation, fresh_form, settings):
    settings.CONSULTATION_RATE_LIMIT = "1/600"
    other = ConsultationFactory()
    for target in (consultation, other):
        url, token = fresh_form(target)
        assert client.post(url, valid_answers(token)).status_code == 303
    assert Answer.objects.count() == 2


def test_body_over_the_limit_gets_413(client, consultation, fresh_form, settings):
    settings.CONSULTATION_MAX_BODY_BYTES = 64 * 1024
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token, q_commentaires="x" * 70_000))
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()
    assert Answer.objects.count() == 0


def test_missing_token_asks_for_confirmation_and_keeps_everything(client, consultation):
    """What the inline block on the static site sends: no per-visitor token."""
    url = consultation.get_url_path()
    response = client.post(url, valid_answers(""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vos réponses n&#x27;ont pas encore été enregistrées" in html
    assert 'value="Des réunions le soir"' in html
    assert Answer.objects.count() == 0
    confirm = client.post(url, valid_answers(token_from(response)))
    assert confirm.status_code == 303
    assert Answer.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["n'importe quoi", signing.dumps({"c": 1, "u": "x", "t": 0}, salt="autre-sel")],
    ids=["forged", "wrong-salt"],
)
def test_forged_token_is_never_stored(client, consultation, token):
    response = client.post(consultation.get_url_path(), valid_answers(token))
    assert response.status_code == 200
    assert token_from(response) != token
    assert Answer.objects.count() == 0


def test_token_of_another_consultation_is_refused(client, consultation):
    other = ConsultationFactory()
    response = client.post(consultation.get_url_path(), valid_answers(issue_token(other)))
    assert response.status_code == 200
    assert Answer.objects.count() == 0


def test_expired_token_gives_the_answers_back(client, consultation, settings):
    payload = {"c": consultation.pk, "u": "a" * 32, "t": 0, "k": "f"}
    token = signing.dumps(payload, salt=TOKEN_SALT)
    # A tab left open longer than the token's life: here, any age is too old.
    settings.CONSULTATION_TOKEN_MAX_AGE = -1
    response = client.post(consultation.get_url_path(), valid_answers(token))
    assert response.status_code == 200
    assert "pas encore été enregistrées" in response.content.decode()
    assert Answer.objects.count() == 0


def test_foreign_origin_is_refused(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert Answer.objects.count() == 0


def test_allowed_host_site_and_own_origin_are_accepted(client, consultation, fresh_form, settings):
    settings.CONSULTATION_EMBED_ALLOWED_ORIGINS = ["https://*.paris.fr"]
    url, token = fresh_form(consultation, embed=True)
    assert (
        client.post(url, valid_answers(token), HTTP_ORIGIN="https://www.paris.fr").status_code
        == 303
    )
    url, token = fresh_form(consultation, embed=True)
    assert (
        client.post(url, valid_answers(token), HTTP_ORIGIN="http://testserver").status_code == 303
    )
    assert Answer.objects.count() == 2


def test_embed_post_needs_no_csrf_cookie(consultation):
    """Inside a third-party iframe the browser may withhold cookies: the form must still work."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.get(consultation.get_embed_path())
    strict.cookies.clear()
    assert (
        strict.post(consultation.get_embed_path(), valid_answers(token_from(response))).status_code
        == 303
    )
    assert Answer.objects.count() == 1
