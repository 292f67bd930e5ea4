from django.core.management.base import BaseCommand, CommandError

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from guide.models import PrintEdition, RunStatus
from guide.pdf.build import build_editions, kept_editions, stale_editions
from guide.pdf.editions import DEFAULT_EDITIONS, SCREEN


class Command(BaseCommand):
    help = (
        "Construit les éditions PDF du guide (impression, écran, et l'édition de chaque "
        "arrondissement) dont le contenu a changé depuis leur dernière construction, toutes "
        "dans ce seul processus ; `make setup` la lance pour que le premier téléchargement "
        "n'attende pas et que le site statique publié porte toutes les éditions qu'il propose."
    )
    # As build_pdf: the checks would load the URLconf into the process that builds.
    requires_system_checks = []

    def handle(self, *args, **options):
        # The arrondissement pages (web and static) offer each arrondissement's own edition.
        wanted = [(edition, None) for edition in DEFAULT_EDITIONS]
        wanted += [(SCREEN, number) for number in ARRONDISSEMENT_NUMBERS]
        wanted += [key for key in kept_editions() if key not in wanted]
        stale = stale_editions(wanted)
        records = [
            PrintEdition.objects.create(
                edition=edition, arrondissement=arrondissement, status=RunStatus.PENDING
            )
            for edition, arrondissement in stale
        ]
        done, failed = build_editions(records)
        for record, path, rebuilt in done:
            where = (
                arrondissement_label(record.arrondissement) if record.arrondissement else "Paris"
            )
            state = "construite" if rebuilt else "déjà à jour"
            self.stdout.write(f"Édition « {record.edition} » ({where}) {state} : {path.name}")
        self.stdout.write(f"{len(wanted) - len(stale)} édition(s) déjà à jour.")
        if failed:
            raise CommandError(
                "Échec de "
                + ", ".join(f"{r.edition} ({r.arrondissement or 'Paris'})" for r, _ in failed)
            )
