from django.core.management.base import BaseCommand

from cms.entries.loading import dump_guide


class Command(BaseCommand):
    help = (
        "Écrit le guide publié au format de cms/entries/data/guide.yaml : la recette qui "
        "régénère le contenu livré après une relecture dans l'administration."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Fichier de sortie (par défaut : la sortie standard).")

    def handle(self, *args, out=None, **options):
        text = dump_guide()
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(self.style.SUCCESS(f"Guide écrit dans {out}."))
        else:
            self.stdout.write(text)
