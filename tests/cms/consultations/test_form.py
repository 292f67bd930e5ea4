"""A resident answers a consultation on its page or in the embed, once and only once."""

import datetime

from django.utils import timezone

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer

from .conftest import token_from, valid_answers

pytestmark = pytest.mark.django_db


def test_page_shows_open_state_and_questions(client, consultation):
    response = client.get(consultation.get_url_path())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ouverte jusqu" in html
    assert "Quel engagement en priorité ?" in html
    assert 'type="radio" name="q_engagement"' in html
    assert "(facultatif)" in html
    assert "Vos réponses sont anonymes." in html


def test_dates_read_the_french_way(client):
    year = timezone.localdate().year + 1
    closes = timezone.make_aware(datetime.datetime(year, 3, 1, 18, 0))
    consultation = ConsultationFactory(closes_at=closes)
    html = client.get(consultation.get_url_path()).content.decode()
    assert f"Ouverte jusqu'au 1er mars {year} à 18 h 00" in html


def test_valid_answer_is_stored_then_redirected_to_thanks(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    response = client.post(
        url, valid_answers(token, email="camille@example.org", email_consentement="on")
    )
    assert response.status_code == 303
    assert response["Location"] == f"{consultation.get_url_path()}merci/"
    answer = Answer.objects.get()
    assert answer.consultation == consultation
    assert answer.source == "web"
    assert answer.data["engagement"] == "Rendre compte"
    assert answer.data["outils"] == ["Budget Participatif", "Paris Pétition"]
    assert answer.data["confiance"] == 4
    assert answer.arrondissement == 14
    assert answer.age_bracket == "35-49"
    assert answer.email == "camille@example.org"
    assert answer.email_consent and answer.consent_recorded_at is not None
    assert "email" not in answer.data
    # What the form does not set takes the model's defaults.
    assert not answer.publishable and not answer.held and answer.held_reason == ""
    assert answer.released_at is None and answer.email_purged_at is None
    thanks = client.get(response["Location"])
    assert "Merci pour votre participation !" in thanks.content.decode()


def test_double_click_stores_one_answer_and_both_get_the_same_success(
    client, consultation, fresh_form
):
    url, token = fresh_form(consultation)
    first = client.post(url, valid_answers(token))
    second = client.post(url, valid_answers(token))
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Answer.objects.count() == 1


def test_refreshing_the_thank_you_page_never_posts_again(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    thanks = client.post(url, valid_answers(token), follow=True)
    assert thanks.redirect_chain[-1][1] == 303
    assert client.get(thanks.request["PATH_INFO"]).status_code == 200
    assert Answer.objects.count() == 1


def test_two_residents_get_two_tokens(client, consultation, fresh_form):
    url, token_a = fresh_form(consultation)
    _url, token_b = fresh_form(consultation)
    assert token_a != token_b
    client.post(url, valid_answers(token_a))
    client.post(url, valid_answers(token_b))
    assert Answer.objects.count() == 2


def test_embed_answer_is_recorded_as_embed_and_stays_in_the_frame(client, consultation, fresh_form):
    url, token = fresh_form(consultation, embed=True)
    response = client.post(url, valid_answers(token))
    assert response.status_code == 303
    assert response["Location"] == f"{consultation.get_embed_path()}merci/"
    assert Answer.objects.get().source == "embed"
    thanks = client.get(response["Location"])
    assert "frame-ancestors 'self'" in thanks["Content-Security-Policy"]


def test_works_without_javascript(client, consultation):
    """The form is a plain HTML form: no script is needed to answer or to see errors."""
    html = client.get(consultation.get_embed_path()).content.decode()
    assert 'method="post"' in html and 'type="submit"' in html
    assert "<script" not in html.split("</form>")[0].split("<form")[1]


def test_closed_consultation_refuses_answers_with_410(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.save()
    response = client.post(url, valid_answers(token))
    assert response.status_code == 410
    assert "Cette consultation est terminée" in response.content.decode()
    assert Answer.objects.count() == 0
    page = client.get(url).content.decode()
    assert "Terminée depuis le" in page
    assert 'name="q_engagement"' not in page


def test_upcoming_consultation_refuses_answers_with_403(client):
    consultation = ConsultationFactory(
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    page = client.get(consultation.get_url_path()).content.decode()
    assert "À venir" in page
    response = client.post(consultation.get_url_path(), valid_answers("x"))
    assert response.status_code == 403
    assert "pas encore ouverte" in response.content.decode()
    assert Answer.objects.count() == 0


def test_draft_consultation_is_not_public(client):
    consultation = ConsultationFactory(live=False)
    assert client.get(consultation.get_url_path()).status_code == 404


def test_listing_shows_each_state(client, consultation):
    ConsultationFactory(
        title="Ancienne consultation",
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
    )
    html = client.get("/participez/consultations/").content.decode()
    assert consultation.title in html and "Ouverte jusqu" in html
    assert "Ancienne consultation" in html and "Terminée depuis le" in html


def test_framing_is_allowed_only_on_the_embed(client, consultation, settings):
    settings.CONSULTATION_EMBED_ALLOWED_ORIGINS = ["https://www.paris.fr"]
    page = client.get(consultation.get_url_path())
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    embed = client.get(consultation.get_embed_path())
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors 'self' https://www.paris.fr" in embed["Content-Security-Policy"]
    # Residents' pages elsewhere keep the global rule.
    assert (
        "frame-ancestors 'none'"
        in client.get("/participez/consultations/")["Content-Security-Policy"]
    )


def test_resubmitting_after_an_error_keeps_the_same_token(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token, q_engagement=None))
    assert token_from(response) == token
    client.post(url, valid_answers(token))
    client.post(url, valid_answers(token))
    assert Answer.objects.count() == 1
