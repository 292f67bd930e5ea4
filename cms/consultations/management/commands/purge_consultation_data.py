"""Erase the follow-up emails older than CONSULTATION_EMAIL_RETENTION_DAYS (run daily)."""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cms.consultations.models import Answer

logger = logging.getLogger("cms.consultations.purge")


class Command(BaseCommand):
    help = "Efface les adresses électroniques des réponses plus anciennes que la durée de conservation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Durée de conservation en jours (par défaut CONSULTATION_EMAIL_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien effacer.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.CONSULTATION_EMAIL_RETENTION_DAYS if days is None else days
        now = timezone.now()
        limit = now - datetime.timedelta(days=days)
        expired = Answer.objects.filter(submitted_at__lt=limit).exclude(email="")
        count = expired.count()
        if not dry_run:
            count = expired.update(email="", email_purged_at=now)
        verb = "seraient effacées" if dry_run else "effacées"
        message = f"{count} adresse(s) électronique(s) de plus de {days} jours {verb}."
        logger.info(message)
        self.stdout.write(message)
