import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guide.models import RunStatus
from guide.publish import PublishError, build_search, publish_site


class Command(BaseCommand):
    help = "Publie le site statique « Participez » dans un dossier (par défaut site/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", default=str(settings.PUBLISH_OUTPUT_DIR), help="Dossier de sortie."
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="Adresse publique du site statique, pour sitemap.xml et robots.txt "
            "(par défaut STATIC_SITE_URL).",
        )

    def handle(self, *args, out, base_url, **options):
        run = publish_site(out, base_url=base_url)
        if run.status != RunStatus.SUCCESS:
            raise CommandError(f"Échec de la publication :\n{run.error}")
        self.stdout.write(
            f"Site publié dans {run.output_dir} en {run.duration:.2f} s : "
            f"{run.pages_written} fichier(s) écrit(s), {run.pages_unchanged} inchangé(s), "
            f"{run.pages_removed} supprimé(s)."
        )
        if run.error:
            self.stderr.write(run.error)
        if run.search_due:
            # No worker to hand it to: the search is built here, after the pages.
            started = time.monotonic()
            try:
                build_search(run.output_dir, base_url=base_url)
            except PublishError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"Recherche du site reconstruite en {time.monotonic() - started:.2f} s."
            )
