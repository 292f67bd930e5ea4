from django.core.management.base import BaseCommand

from cms.entries.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "Envoie à chaque responsable un e-mail listant ses entrées à revoir (une seule "
        "fois par échéance). Le processus de tâches le fait aussi de lui-même."
    )

    def handle(self, *args, **options):
        sent = send_review_reminders()
        self.stdout.write(f"Rappels de vérification envoyés : {sent}.")
