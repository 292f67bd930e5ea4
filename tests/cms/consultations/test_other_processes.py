"""Another server process changes a consultation after this one showed its form: the
answers that follow obey the change, exactly as if this process had read it again."""

import datetime
from contextlib import contextmanager

from django.utils import timezone

import pytest

from cms.consultations import views
from cms.consultations.models import Answer, Consultation

from .conftest import valid_answers

pytestmark = pytest.mark.django_db


@contextmanager
def in_another_process():
    """What happens inside is unknown to this process (no signal reaches its memory)."""
    kept = dict(views._LAST_SEEN)
    yield
    views._LAST_SEEN.clear()
    views._LAST_SEEN.update(kept)


def test_closed_elsewhere_refuses_with_410_and_stores_nothing(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    with in_another_process():
        Consultation.objects.filter(pk=consultation.pk).update(
            closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    response = client.post(url, valid_answers(token))
    assert response.status_code == 410
    assert "Cette consultation est terminée" in response.content.decode()
    assert Answer.objects.count() == 0


def test_unpublished_elsewhere_is_gone(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    with in_another_process():
        consultation.unpublish()
    response = client.post(url, valid_answers(token))
    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_a_question_added_elsewhere_is_asked_before_anything_is_stored(
    client, consultation, fresh_form
):
    url, token = fresh_form(consultation)
    with in_another_process():
        consultation.questions = [
            *consultation.questions.raw_data,
            {
                "type": "short_text",
                "id": "quartier",
                "value": {"label": "Votre quartier", "hint": "", "required": True},
            },
        ]
        consultation.save_revision().publish()
    response = client.post(url, valid_answers(token))
    assert response.status_code == 400
    assert "Répondez à la question « Votre quartier »." in response.content.decode()
    assert Answer.objects.count() == 0

    response = client.post(url, valid_answers(token, q_quartier="Plaisance"))
    assert response.status_code == 303
    assert Answer.objects.get().data["quartier"] == "Plaisance"


def test_republished_elsewhere_the_answer_is_stored_once_and_counted_once(
    client, consultation, fresh_form, settings
):
    # One answer allowed per address: counted twice, the resident would be turned away.
    settings.CONSULTATION_RATE_LIMIT = "1/600"
    url, token = fresh_form(consultation)
    with in_another_process():
        consultation.title = "Un titre revu"
        consultation.save_revision().publish()
    response = client.post(url, valid_answers(token))
    assert response.status_code == 303
    assert response["Location"] == f"{consultation.get_url_path()}merci/"
    assert Answer.objects.count() == 1
