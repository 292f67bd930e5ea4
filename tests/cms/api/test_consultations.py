"""consultations/: published consultations only, results only once the restitution is
published, never an answer record (email, free text not chosen by an editor)."""

import datetime
import uuid

from django.utils import timezone

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer, Consultation

from .conftest import get_all, get_json
from .test_openapi import response_schema, validator

pytestmark = pytest.mark.django_db


def answer(consultation, publishable=False, **data):
    return Answer.objects.create(
        consultation=consultation,
        submission_token=uuid.uuid4(),
        data=data,
        email="habitante@example.org",
        email_consent=True,
        publishable=publishable,
    )


def test_only_published_consultations_without_drafts(client):
    live = ConsultationFactory(title="Consultation publiée")
    live.title = "Titre en brouillon"
    live.save_revision()
    never = ConsultationFactory(title="Jamais publiée", live=False)

    items = get_all(client, "/api/v2/consultations/?fields=title,state,questions")
    assert [item["title"] for item in items] == ["Consultation publiée"]
    assert items[0]["state"] == "open"
    assert items[0]["questions"][0]["id"] == "engagement"
    get_json(client, f"/api/v2/consultations/{never.pk}/", status=404)


def test_results_appear_only_once_closed_and_published(client):
    consultation = ConsultationFactory(results_published=True)
    answer(consultation, engagement="Former", commentaires="Texte privé")
    answer(consultation, publishable=True, engagement="Former", commentaires="Texte choisi")

    detail = get_json(client, f"/api/v2/consultations/{consultation.pk}/")
    assert detail["results"] is None and detail["results_published"] is False

    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    detail = get_json(client, f"/api/v2/consultations/{consultation.pk}/")
    assert detail["state"] == "closed"
    assert detail["results"]["total"] == 2
    first = detail["results"]["questions"][0]
    assert {row["label"]: row["total"] for row in first["options"]}["Former"] == 2
    assert detail["results"]["quotes"] == [{"question": "Vos commentaires", "text": "Texte choisi"}]
    body = str(detail)
    assert "habitante@example.org" not in body
    assert "Texte privé" not in body
    document = get_json(client, "/api/v2/openapi.json")
    path = "/api/v2/consultations/{id}/"
    validator(document, response_schema(document, path)).validate(detail)
    listing = get_json(client, "/api/v2/consultations/?fields=*")
    validator(document, response_schema(document, "/api/v2/consultations/")).validate(listing)


def test_unpublished_results_stay_hidden_after_closing(client):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    answer(consultation, engagement="Former")
    detail = get_json(client, f"/api/v2/consultations/{consultation.pk}/")
    assert detail["state"] == "closed"
    assert detail["results"] is None
    assert detail["restitution_text"] is None


def test_title_and_introduction_read_the_same_on_the_page_and_in_the_api(client):
    consultation = ConsultationFactory(
        title="L'avis des Parisien·ne·s sur le 18E arrondissement",
        introduction="<p>Dites-nous ce qu'il manque...</p>",
    )
    detail = get_json(client, f"/api/v2/consultations/{consultation.pk}/")
    page = client.get(consultation.get_url_path()).content.decode()
    assert detail["title"] == "L’avis des Parisien·ne·s sur le 18e arrondissement"
    assert "qu’il manque…" in detail["introduction"]
    assert "L’avis des Parisien·ne·s sur le 18e arrondissement" in page
    assert "qu’il manque…" in page
    # Editors keep their text.
    consultation.refresh_from_db()
    assert consultation.title.startswith("L'avis")
