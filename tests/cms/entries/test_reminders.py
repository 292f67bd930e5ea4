"""Owners get one e-mail about their entries due for review, not one at every run."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import Entry
from cms.entries.reminders import send_review_reminders
from cms.ops import worker

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def camille(django_user_model):
    return django_user_model.objects.create_user(
        "camille", "camille@example.invalid", first_name="Camille", last_name="Durand"
    )


@pytest.fixture
def due_entries(today, camille):
    return [
        EntryFactory(
            title="Les Conseils de quartier",
            owner=camille,
            verified_on=today - 500 * DAY,
            review_before=today - 135 * DAY,
        ),
        EntryFactory(
            title="Paris Pétition",
            owner=camille,
            verified_on=today - 350 * DAY,
            review_before=today + 15 * DAY,
        ),
    ]


def test_owner_gets_one_french_email_listing_their_due_entries(today, camille, due_entries):
    EntryFactory(title="Vérifiée hier", owner=camille, verified_on=today - DAY)
    EntryFactory(title="Sans responsable", verified_on=today - 800 * DAY)

    assert send_review_reminders() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@example.invalid"]
    assert message.subject == "Participez : 2 entrées du guide à vérifier"
    body = message.body
    assert body.startswith("Bonjour Camille Durand,")
    assert "Les Conseils de quartier : à revoir depuis le" in body
    assert "Paris Pétition : à revoir avant le" in body
    assert "Vérifiée hier" not in body and "Sans responsable" not in body
    edit = f"/admin/snippets/entries/entry/edit/{due_entries[0].pk}/"
    assert f"http://127.0.0.1:8000{edit}" in body
    assert "http://127.0.0.1:8000/admin/" in body


def test_reminder_is_sent_once_per_review_cycle(today, camille, due_entries):
    assert send_review_reminders() == 1
    assert send_review_reminders() == 0
    assert send_review_reminders(today=today + 10 * DAY) == 0
    assert len(mail.outbox) == 1
    assert all(entry.last_reminded_at for entry in Entry.objects.filter(owner=camille))

    # Checked again: a year later the entry is due again, and a new reminder goes out.
    entry = Entry.objects.get(pk=due_entries[0].pk)
    entry.verified_on = today
    entry.review_before = None
    entry.save_revision().publish()
    entry.refresh_from_db()
    later = entry.review_before - 10 * DAY
    assert send_review_reminders(today=later) == 1
    assert "Les Conseils de quartier" in mail.outbox[-1].body
    # Publishing the entry did not wipe the record of the previous reminder.
    assert Entry.objects.get(pk=due_entries[1].pk).last_reminded_at is not None


def test_owner_without_email_is_skipped(django_user_model, today):
    silent = django_user_model.objects.create_user("sans-adresse", "")
    EntryFactory(owner=silent, verified_on=today - 400 * DAY)
    assert send_review_reminders() == 0
    assert mail.outbox == []


def test_command_and_worker_scheduler_send_the_reminders(due_entries):
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert "Rappels de vérification envoyés : 1." in out.getvalue()
    Entry.objects.update(last_reminded_at=None)
    mail.outbox.clear()

    worker.run_periodic_jobs()  # what the worker's scheduler calls at each pass
    worker.run_periodic_jobs()  # too soon for another pass
    assert len(mail.outbox) == 1
