"""The typesetting process `build_pdf` execs into: it writes the PDF without Django, says
what went wrong when it fails, and the command records the outcome."""

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from cms.entries.loading import load_guide
from guide.models import RunStatus
from guide.pdf.build import partial_path, result_path, start_build
from guide.pdf.render import PdfOptions, typeset_job
from guide.pdf.typeset import TypesetError, read_result, typeset, write_job

from .conftest import ensure_migrated_rows, run_tool

ROOT = Path(__file__).resolve().parents[3]


def python(*args, env=None, cwd=ROOT):
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_typesetting_process_loads_no_django():
    # What keeps Django's memory out of the layout's peak (docs/print-guide.md, "Memory").
    loaded = python(
        "-c",
        "import sys, guide.pdf.typeset; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'wagtail', 'cms'}))",
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"


@pytest.mark.django_db
def test_a_typesetting_failure_comes_back_with_its_reason(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_migrated_rows()
    load_guide()
    job = typeset_job(PdfOptions(edition="screen"), tmp_path / "guide.pdf")
    # A folder where the PDF should be: WeasyPrint cannot write it.
    (tmp_path / "guide.pdf").mkdir()
    job_file, result_file = tmp_path / "job.json", tmp_path / "result.json"
    # The command line it hands over to: here, one that reads the result.
    then = [
        sys.executable,
        "-c",
        f"from guide.pdf.typeset import read_result; read_result({str(result_file)!r})",
    ]
    write_job(job, job_file, result_file, then)
    run = python("-m", "guide.pdf.typeset", str(job_file), cwd=tmp_path)
    assert run.returncode != 0
    assert "Traceback" in run.stderr  # the typesetter's own, for the developers
    assert "TypesetError: IsADirectoryError" in run.stderr
    assert not job_file.exists()


class Cycle:
    pass


@pytest.mark.django_db
def test_typesetting_in_a_django_process_gives_the_collector_everything_back(settings, tmp_path):
    # typeset() sets what was alive before the layout aside from the collector
    # (gc.freeze): left frozen, none of it could ever be freed in the worker.
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_migrated_rows()
    load_guide()
    frozen = gc.get_freeze_count()
    assert typeset(typeset_job(PdfOptions(edition="screen"), tmp_path / "guide.pdf")).page_count
    assert gc.get_freeze_count() == frozen
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(IsADirectoryError):
        typeset(typeset_job(PdfOptions(edition="screen"), tmp_path / "folder.pdf"))
    assert gc.get_freeze_count() == frozen
    # What the process froze itself stays frozen: a cycle frozen before, unreachable,
    # outlives the layout's collections.
    cycle = Cycle()
    cycle.me = cycle
    alive = weakref.ref(cycle)
    gc.freeze()
    try:
        del cycle
        assert typeset(typeset_job(PdfOptions(edition="print"), tmp_path / "print.pdf")).page_count
        gc.collect()
        assert alive() is not None
    finally:
        gc.unfreeze()
    gc.collect()
    assert alive() is None


@pytest.mark.django_db
def test_build_pdf_reports_a_failed_typesetting_in_french(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_migrated_rows()
    load_guide()
    options = PdfOptions(edition="print")
    _, record = start_build(options, force=True)
    # What the typesetting process leaves when WeasyPrint fails (typeset.main).
    partial_path(record).write_bytes(b"%PDF-1.7 half")
    result_path(record).write_text(json.dumps({"error": "OSError: No space left on device"}))
    out = tmp_path / "guide.pdf"

    with pytest.raises(CommandError, match="La mise en page du PDF a échoué : OSError: No space"):
        call_command("build_pdf", out=str(out), edition="print", resume=record.pk)

    record.refresh_from_db()
    assert record.status == RunStatus.FAILED
    assert "No space left on device" in record.error
    assert not out.exists()
    assert not partial_path(record).exists()
    with pytest.raises(TypesetError):
        read_result(result_path(record))  # consumed: a retry does not read it again


@pytest.mark.slow
def test_build_pdf_from_the_shell_writes_the_edition_and_records_it(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "ERROR",
        # Loading the guide would otherwise queue builds of its own.
        "PUBLISH_FOLLOWS_CONTENT": "0",
    }
    for command in (["migrate", "-v0"], ["load_guide"]):
        done = python("manage.py", *command, env=env)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "guide-impression.pdf"

    # From another folder, as cron or a deployment script would run it.
    built = python(
        str(ROOT / "manage.py"), "build_pdf", "--force", "--out", str(out), env=env, cwd=tmp_path
    )

    assert built.returncode == 0, built.stderr
    assert f"{out} (" in built.stdout
    assert "Attention : Imprimeur non renseigné" in built.stdout
    info = run_tool("pdfinfo", out).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages % 4 == 0
    recorded = python(
        "manage.py",
        "shell",
        "-c",
        "from guide.models import PrintEdition; print(list(PrintEdition.objects"
        ".filter(edition='print').values_list('status', 'page_count')))",
        env=env,
    )
    assert recorded.stdout.strip().splitlines()[-1] == f"[('success', {pages})]"
    assert not list((tmp_path / "media" / "guides").glob(".partial-*")), "nothing left behind"
