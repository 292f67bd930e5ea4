import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS
from guide.pdf import EDITIONS, PAPERS, get_or_build_pdf
from guide.pdf.impose import impose_saddle_stitch
from guide.pdf.imprint import imprint_warnings


class Command(BaseCommand):
    help = (
        "Build the PDF of the published guide (print edition: A5, bleed, CMYK, PDF/X-4; "
        "screen edition: RGB, bookmarks, tagged). Reuses the cached PDF when nothing was "
        "published since it was built."
    )
    # The system checks load the URLconf (admin, API, every view): 13 MB of the 10x
    # guide's peak, for a build that serves no request. `manage.py check` runs them (CI).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--edition", choices=EDITIONS, default="print")
        parser.add_argument("--paper", choices=sorted(PAPERS), default="a5")
        parser.add_argument("--arrondissement", type=int, default=None)
        parser.add_argument(
            "--marks", action="store_true", help="Crop marks outside the bleed (print edition)."
        )
        parser.add_argument(
            "--impose",
            action="store_true",
            help="Also write FILE-imposition.pdf: 2-up saddle-stitch proof on A4 landscape.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Rebuild even if a cached PDF exists."
        )

    def handle(self, *args, out, edition, paper, arrondissement, marks, impose, force, **options):
        if arrondissement is not None and arrondissement not in ARRONDISSEMENT_NUMBERS:
            raise CommandError("--arrondissement doit être un nombre de 1 à 20.")
        if marks and edition != "print":
            raise CommandError("--marks ne s'applique qu'à l'édition print.")
        path = get_or_build_pdf(
            edition=edition,
            arrondissement=arrondissement,
            paper=paper,
            marks=marks,
            force=force,
        )
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        self.stdout.write(self.style.SUCCESS(f"{target} ({target.stat().st_size // 1024} Ko)"))
        if edition == "print":
            for warning in imprint_warnings():
                self.stdout.write(self.style.WARNING(f"Attention : {warning}"))
        if impose:
            proof = target.with_name(f"{target.stem}-imposition.pdf")
            impose_saddle_stitch(target, proof)
            self.stdout.write(self.style.SUCCESS(f"{proof} (imposition 2 poses A4 paysage)"))
