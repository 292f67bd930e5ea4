from django.core.management.base import BaseCommand

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from guide.pdf import get_or_build_pdf
from guide.pdf.editions import SCREEN
from guide.tasks import DEFAULT_EDITIONS


class Command(BaseCommand):
    help = (
        "Construit les éditions PDF du guide (impression, écran, et l'édition de chaque "
        "arrondissement) si le contenu publié a changé depuis la dernière ; `make setup` la "
        "lance pour que le premier téléchargement n'attende pas et que le site statique "
        "publié porte toutes les éditions qu'il propose."
    )

    def handle(self, *args, **options):
        for edition in DEFAULT_EDITIONS:
            path = get_or_build_pdf(edition=edition)
            self.stdout.write(f"Édition « {edition} » : {path.name}")
        # The arrondissement pages (web and static) offer each arrondissement's own edition.
        for number in ARRONDISSEMENT_NUMBERS:
            path = get_or_build_pdf(edition=SCREEN, arrondissement=number)
            self.stdout.write(f"Édition du {arrondissement_label(number)} : {path.name}")
