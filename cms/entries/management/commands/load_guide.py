from django.core.management.base import BaseCommand

from cms.entries.loading import load_guide


class Command(BaseCommand):
    help = (
        "Charge le guide de la participation citoyenne de Paris (contenu par défaut). "
        "Sans effet sur ce qui existe déjà, sauf avec --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Rétablit le texte d'origine du guide (nouvelle révision publiée) pour tout le contenu livré.",
        )

    def handle(self, *args, reset=False, **options):
        report = load_guide(reset=reset)
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Guide chargé."))
        else:
            self.stdout.write("Rien à faire : le guide est déjà chargé.")
