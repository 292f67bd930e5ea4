"""Reminder e-mails to the owners of entries due for review.

Each owner gets one e-mail listing their entries that have entered the review window
(REVIEW_WARNING_DAYS before "à revoir avant") or are past it. An entry is mentioned once
per review cycle: `last_reminded_at` records the e-mail, and the entry comes back only
once it has been checked again and its new "à revoir avant" date draws near. The
dashboard keeps listing overdue entries meanwhile.

Run by the worker's scheduler (cms.ops.worker.register_periodic, see apps.py) every
REVIEW_REMINDER_SECONDS, or by hand with `manage.py send_review_reminders`.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cms.core.addresses import base_url

from .models import REVIEW_WARNING_DAYS, Entry
from .presentation import french_date

logger = logging.getLogger(__name__)


def needing_reminder(today=None):
    """Due or overdue entries with an owner, not yet reminded in this review cycle."""
    today = today or timezone.localdate()
    entries = Entry.objects.due_for_review(today).filter(owner__isnull=False)
    reminded_this_cycle = []
    for entry in entries.filter(last_reminded_at__isnull=False):
        window_start = (
            entry.review_before - timedelta(days=REVIEW_WARNING_DAYS)
            if entry.review_before
            else None
        )
        if window_start is None or timezone.localdate(entry.last_reminded_at) >= window_start:
            reminded_this_cycle.append(entry.pk)
    return entries.exclude(pk__in=reminded_this_cycle).filter(~Q(owner__email=""))


def _row(entry, today):
    if entry.review_before is None:
        when = "jamais vérifiée"
    elif entry.review_before < today:
        when = f"à revoir depuis le {french_date(entry.review_before)}"
    else:
        when = f"à revoir avant le {french_date(entry.review_before)}"
    return {
        "title": entry.title,
        "when": when,
        "verified_on": french_date(entry.verified_on) if entry.verified_on else "",
        "url": base_url() + reverse("wagtailsnippets_entries_entry:edit", args=[entry.pk]),
    }


def send_review_reminders(today=None, now=None):
    """E-mail each owner once about their due entries; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    by_owner = {}
    for entry in needing_reminder(today).select_related("owner"):
        by_owner.setdefault(entry.owner, []).append(entry)
    sent = 0
    for owner, entries in by_owner.items():
        context = {
            "name": owner.get_full_name() or owner.get_username(),
            "rows": [_row(entry, today) for entry in entries],
            "count": len(entries),
            "dashboard_url": base_url() + reverse("wagtailadmin_home"),
        }
        subject = (
            "Participez : 1 entrée du guide à vérifier"
            if len(entries) == 1
            else f"Participez : {len(entries)} entrées du guide à vérifier"
        )
        try:
            send_mail(
                subject,
                render_to_string("entries/email/review_reminder.txt", context),
                None,
                [owner.email],
            )
        except Exception:
            # Not recorded as reminded: the next run tries again.
            logger.exception("Rappel de vérification non envoyé à %s", owner.get_username())
            continue
        # A row update, not a revision: the reminder is the worker's record, not content.
        Entry.objects.filter(pk__in=[entry.pk for entry in entries]).update(last_reminded_at=now)
        sent += 1
    return sent
