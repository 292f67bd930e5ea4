import argparse
import shutil
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS
from guide.models import PrintEdition, RunStatus
from guide.pdf.build import (
    get_or_build_pdf,
    resume_build,
    start_build,
    typeset_elsewhere,
)
from guide.pdf.impose import impose_saddle_stitch
from guide.pdf.imprint import imprint_warnings
from guide.pdf.render import EDITIONS, PAPERS, PdfOptions
from guide.pdf.typeset import TypesetError


class Command(BaseCommand):
    help = (
        "Build the PDF of the published guide (print edition: A5, bleed, CMYK, PDF/X-4; "
        "screen edition: RGB, bookmarks, tagged). Reuses the cached PDF when nothing was "
        "published since it was built."
    )
    # The system checks load the URLconf (admin, API, every view): 13 MB of the 10x
    # guide's peak, for a build that serves no request. `manage.py check` runs them (CI).
    requires_system_checks = []
    # Set when run from a shell (not call_command): the layout may then happen in the
    # typesetting process this one execs into (see handle).
    from_command_line = False

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
        # The id of the edition the typesetting process has just written: the command
        # line it execs into to record the build (see handle).
        parser.add_argument("--resume", type=int, default=None, help=argparse.SUPPRESS)

    def run_from_argv(self, argv):
        self.from_command_line = True
        super().run_from_argv(argv)

    def handle(
        self, *args, out, edition, paper, arrondissement, marks, impose, force, resume, **options
    ):
        if arrondissement is not None and arrondissement not in ARRONDISSEMENT_NUMBERS:
            raise CommandError("--arrondissement doit être un nombre de 1 à 20.")
        if marks and edition != "print":
            raise CommandError("--marks ne s'applique qu'à l'édition print.")
        options = PdfOptions(
            edition=edition, paper=paper, arrondissement=arrondissement, marks=marks
        )
        if resume is not None:
            path = self.resume(options, resume)
        elif self.from_command_line:
            path, record = start_build(options, force=force)
            if path is None:
                # Django and the content are not needed to lay the guide out: this
                # process renders the HTML, then becomes the typesetter, which comes back
                # here (--resume) once the file is written. The command's peak memory is
                # the larger of the two halves instead of their sum (docs/print-guide.md,
                # "Memory").
                then = [sys.executable, *sys.orig_argv[1:], "--resume", str(record.pk)]
                typeset_elsewhere(options, record, then)
        else:
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

    def resume(self, options, record_id):
        record = PrintEdition.objects.filter(pk=record_id, status=RunStatus.RUNNING).first()
        if record is None:
            raise CommandError(f"Aucune construction en cours pour l'édition n° {record_id}.")
        try:
            return resume_build(options, record)
        except TypesetError as error:
            raise CommandError(f"La mise en page du PDF a échoué : {error}") from error
