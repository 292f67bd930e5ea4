"""Results reach residents only after closing and only when an editor publishes them;
never an email, and free text only when an editor marked it publishable."""

import datetime
import uuid

from django.utils import timezone

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    consultation = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=1),
        restitution_text="<p>Ce que nous retenons.</p>",
    )
    common = {"consultation": consultation, "arrondissement": 14, "age_bracket": "18-24"}
    Answer.objects.create(
        submission_token=uuid.uuid4(),
        data={"engagement": "Former", "commentaires": "Texte publiable <b>gras</b>"},
        publishable=True,
        email="publie@example.org",
        email_consent=True,
        **common,
    )
    Answer.objects.create(
        submission_token=uuid.uuid4(),
        data={"engagement": "Former", "commentaires": "Texte privé"},
        source="paper",
        meeting_name="Mairie du 14e",
        **common,
    )
    return consultation


def results_url(consultation):
    return f"{consultation.get_url_path()}resultats/"


def publish_results(consultation):
    consultation.results_published = True
    consultation.save()


def test_results_are_hidden_until_an_editor_publishes_them(client, closed):
    assert client.get(results_url(closed)).status_code == 404
    publish_results(closed)
    response = client.get(results_url(closed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce que nous retenons." in html
    assert "1 en ligne, 1 sur papier" in html
    assert 'role="img"' in html and "<table" in html


def test_results_stay_hidden_while_the_consultation_is_open(client, consultation):
    publish_results(consultation)
    assert client.get(results_url(consultation)).status_code == 404


def test_restitution_never_shows_emails_and_only_publishable_text(client, closed):
    publish_results(closed)
    html = client.get(results_url(closed)).content.decode()
    assert "publie@example.org" not in html
    assert "Texte privé" not in html
    assert "Texte publiable &lt;b&gt;gras&lt;/b&gt;" in html
    assert "<b>gras</b>" not in html


def test_closed_page_links_to_published_results(client, closed):
    publish_results(closed)
    html = client.get(closed.get_url_path()).content.decode()
    assert results_url(closed) in html
