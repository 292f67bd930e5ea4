from django.core.management.base import BaseCommand

from guide.pdf import get_or_build_pdf
from guide.tasks import DEFAULT_EDITIONS


class Command(BaseCommand):
    help = (
        "Construit les éditions PDF par défaut du guide (impression, écran) si le contenu "
        "publié a changé depuis la dernière ; `make setup` la lance pour que le premier "
        "téléchargement n'attende pas."
    )

    def handle(self, *args, **options):
        for edition in DEFAULT_EDITIONS:
            path = get_or_build_pdf(edition=edition)
            self.stdout.write(f"Édition « {edition} » : {path.name}")
