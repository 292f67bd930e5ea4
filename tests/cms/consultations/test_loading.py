"""The default consultations ship with the guide and load idempotently."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.consultations.loading import load_consultations
from cms.consultations.models import Consultation

pytestmark = pytest.mark.django_db


def test_load_guide_brings_the_2017_charter_consultation_and_an_open_one(client):
    call_command("load_guide", stdout=StringIO())
    charter = Consultation.objects.get(slug="charte-parisienne-participation-2017")
    assert charter.live
    paris = timezone.get_current_timezone()
    assert charter.opens_at.astimezone(paris).strftime("%Y-%m-%d %H:%M") == "2017-03-01 00:00"
    assert charter.closes_at.astimezone(paris).strftime("%Y-%m-%d %H:%M") == "2017-05-31 23:59"
    assert charter.state() == "closed"
    types = [block_type for _id, block_type, _v in charter.question_list()]
    assert {
        "multiple_choice",
        "single_choice",
        "arrondissement",
        "age_bracket",
        "long_text",
        "email",
    } <= set(types)
    tools = {qid: v for qid, _t, v in charter.question_list()}["outils-connus"]["choices"]
    assert "Le Budget Participatif" in tools and "Paris Pétition" in tools
    guide = Consultation.objects.get(slug="votre-avis-sur-ce-guide")
    assert guide.state() == "open"
    html = client.get(guide.get_embed_path()).content.decode()
    assert "Ce guide vous a-t-il été utile ?" in html


def test_loading_twice_changes_nothing():
    load_consultations()
    first = {c.slug: (c.pk, c.latest_revision_id) for c in Consultation.objects.all()}
    load_consultations()
    assert {c.slug: (c.pk, c.latest_revision_id) for c in Consultation.objects.all()} == first
