import datetime
import logging
import uuid
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.consultations.models import Answer

pytestmark = pytest.mark.django_db


def test_purge_erases_emails_past_the_retention_period(consultation, settings, caplog):
    settings.CONSULTATION_EMAIL_RETENTION_DAYS = 30
    old = Answer.objects.create(
        consultation=consultation,
        submission_token=uuid.uuid4(),
        submitted_at=timezone.now() - datetime.timedelta(days=31),
        email="ancienne@example.org",
        email_consent=True,
        data={"engagement": "Former"},
    )
    recent = Answer.objects.create(
        consultation=consultation,
        submission_token=uuid.uuid4(),
        email="recente@example.org",
        email_consent=True,
    )
    out = StringIO()
    with caplog.at_level(logging.INFO, logger="cms.consultations.purge"):
        call_command("purge_consultation_data", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == "" and old.email_purged_at is not None
    assert (
        old.data == {"engagement": "Former"} and old.email_consent
    )  # the answer and its consent record stay
    assert recent.email == "recente@example.org"
    assert "1 adresse(s) électronique(s) de plus de 30 jours effacées." in out.getvalue()
    assert any("effacées" in record.getMessage() for record in caplog.records)


def test_dry_run_erases_nothing(consultation):
    Answer.objects.create(
        consultation=consultation,
        submission_token=uuid.uuid4(),
        submitted_at=timezone.now() - datetime.timedelta(days=3650),
        email="x@example.org",
    )
    call_command("purge_consultation_data", "--dry-run", stdout=StringIO())
    assert Answer.objects.get().email == "x@example.org"
