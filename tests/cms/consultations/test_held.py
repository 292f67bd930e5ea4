"""An answer that looks automatic is kept aside with its reason, left out of results and
exports, and counts once an analyst releases it."""

import csv
import io

import pytest

from cms.consultations.models import Answer
from cms.consultations.results import compute_results

from .conftest import token_from, valid_answers
from .test_admin import admin_client  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_answer(client, consultation, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    url = consultation.get_url_path()
    client.post(url, valid_answers(token_from(client.get(url)), q_proposition="Trop rapide"))
    return Answer.objects.get()


def exported_rows(admin_client, consultation):  # noqa: F811
    response = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def test_a_held_answer_counts_only_once_released(admin_client, consultation, held_answer):  # noqa: F811
    assert held_answer.held_reason == "too_fast"
    assert compute_results(consultation, consultation.answers.counted()).total == 0
    assert exported_rows(admin_client, consultation) == []

    tools = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/").content.decode()
    assert "Réponses mises de côté pour vérification : 1" in tools
    url = f"/admin/consultations-outils/{consultation.pk}/mises-de-cote/"
    page = admin_client.get(url).content.decode()
    assert "Trop rapide" in page
    assert "Envoyé plus vite qu&#x27;une personne ne remplit le formulaire" in page

    response = admin_client.post(url, {"reponse": [str(held_answer.pk)]})
    assert response.status_code == 302
    held_answer.refresh_from_db()
    assert not held_answer.held and held_answer.released_at
    assert compute_results(consultation, consultation.answers.counted()).total == 1
    assert len(exported_rows(admin_client, consultation)) == 1


def test_releasing_needs_the_right_to_change_answers(
    client, consultation, held_answer, django_user_model
):
    reader = django_user_model.objects.create_user("lecteur", password="x" * 12)
    client.force_login(reader)
    url = f"/admin/consultations-outils/{consultation.pk}/mises-de-cote/"
    assert client.post(url, {"tout": "1"}).status_code in (302, 403)
    held_answer.refresh_from_db()
    assert held_answer.held
