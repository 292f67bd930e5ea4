"""Publish time of the static site: the default guide, then a synthetic 2,000-entry guide.

Runs on a throw-away SQLite database (your dev data is not touched): migrate, load_guide,
then `publish_site` into a temporary folder, exactly as `manage.py publish` does. For each
guide: a full publish into an empty folder, then an incremental publish after editing one
entry. The PDF guides are replaced by a small stand-in file (bench/bench_pdf.py measures
them). Results are printed and appended to docs/benchmarks.md.

    .venv/bin/python bench/bench_publish.py [--entries 2000] [--no-record]

Targets (2-core machine): default guide under 5 s, incremental publish after one edit
under 1 s, 2,000 entries under 60 s.
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COMMAND = ".venv/bin/python bench/bench_publish.py"


def setup_django(folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cms.entries.loading import load_guide

    load_guide()

    import guide.pdf

    stand_in = Path(folder) / "stand-in.pdf"
    stand_in.write_bytes(b"%PDF-1.7\n%%EOF\n")
    guide.pdf.get_or_build_pdf = lambda edition="screen", **kwargs: stand_in


def grow_guide(total):
    """Clone the shipped entries (texts, contacts, links, tags) until there are `total`."""
    from django.db import transaction

    from cms.entries.models import Entry

    relations = ("key_figures", "contacts", "links", "audiences", "actions", "arrondissements")
    originals = list(Entry.objects.published().prefetch_related(*relations))
    copy = 0
    with transaction.atomic():
        while Entry.objects.count() < total:
            copy += 1
            for entry in originals[: total - Entry.objects.count()]:
                children = {n: list(getattr(entry, n).all()) for n in relations[:3]}
                tags = {n: list(getattr(entry, n).all()) for n in relations[3:]}
                clone = Entry.objects.get(pk=entry.pk)
                clone.pk = clone.id = None
                clone.slug = f"{entry.slug}-{copy}"
                clone.title = f"{entry.title} ({copy})"
                clone.latest_revision = clone.live_revision = None
                clone.sort_order = (entry.sort_order or 0) + copy * 1000
                clone.save()
                for rows in children.values():
                    for row in rows:
                        row.pk = row.id = None
                        row.entry = clone
                        row.save()
                for name, values in tags.items():
                    getattr(clone, name).set(values)
    return Entry.objects.published().count()


def edit_one_entry():
    from cms.entries.models import Entry

    entry = Entry.objects.get(slug="budget-participatif")
    entry.how = f"<p>Calendrier mis à jour le {datetime.datetime.now():%H:%M:%S.%f}.</p>"
    entry.save_revision().publish()


def timed_publish(out):
    from guide.publish import publish_site

    started = time.perf_counter()
    run = publish_site(out)
    elapsed = time.perf_counter() - started
    if run.status != "success":
        raise SystemExit(f"Échec de la publication : {run.error}")
    pages = len(list(Path(out).rglob("*.html")))
    return elapsed, pages, run


def measure(label, out, rows):
    full, pages, run = timed_publish(out)
    rows.append((f"{label} : publication complète", full, pages, run))
    again, _pages, run = timed_publish(out)
    rows.append((f"{label} : republication sans changement", again, pages, run))
    edit_one_entry()
    incremental, _pages, run = timed_publish(out)
    rows.append((f"{label} : après modification d'une entrée", incremental, pages, run))


def report(rows, entries_default, entries_large):
    lines = [
        "| mesure | durée | pages HTML | ms par page | écrits / inchangés / supprimés |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, seconds, pages, run in rows:
        lines.append(
            f"| {label} | {seconds:.2f} s | {pages} | {seconds * 1000 / pages:.1f} | "
            f"{run.pages_written} / {run.pages_unchanged} / {run.pages_removed} |"
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from cms.entries.models import Entry

        rows = []
        default_count = Entry.objects.published().count()
        measure(f"guide par défaut ({default_count} entrées)", Path(folder) / "site", rows)
        large_count = grow_guide(args.entries)
        measure(f"guide synthétique ({large_count} entrées)", Path(folder) / "site-large", rows)

    lines = report(rows, default_count, large_count)
    print("\n".join(lines))
    if args.no_record:
        return
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    header = [
        "",
        f"### Publication du site statique — {datetime.date.today():%Y-%m-%d} (commit {commit})",
        "",
        f"Commande : `{COMMAND} --entries {args.entries}` ; {platform.python_version()}, "
        f"{os.cpu_count()} cœurs, SQLite, PDF remplacés par un fichier témoin.",
        "Objectifs : guide par défaut < 5 s, republication après une modification < 1 s, "
        "2 000 entrées < 60 s.",
        "",
    ]
    docs = ROOT / "docs" / "benchmarks.md"
    existing = docs.read_text() if docs.exists() else "# Mesures de performance\n"
    if "## Site statique" not in existing:
        existing += "\n## Site statique (`bench/bench_publish.py`)\n"
    docs.write_text(existing + "\n".join(header + lines) + "\n")


if __name__ == "__main__":
    main()
