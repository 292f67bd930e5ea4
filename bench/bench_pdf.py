"""Build time and peak memory of the PDF editions, for the default guide and a 10x guide.

Runs on a throw-away SQLite database (your dev data is not touched): migrate, load_guide,
then each edition is rendered in a forked process so that its peak resident memory is
its own. The 10x guide clones every entry nine times, child rows and tags included.

    .venv/bin/python bench/bench_pdf.py [--runs 3]
"""

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EDITIONS = ("print", "screen")


def setup_django(folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cms.entries.loading import load_guide

    load_guide()


def multiply_entries(copies):
    """Clone every published entry `copies` times: a guide ten times the size."""
    from django.db import transaction

    from cms.entries.models import Entry

    originals = list(
        Entry.objects.published().prefetch_related(
            "key_figures",
            "contacts",
            "links",
            "fph_funds",
            "audiences",
            "actions",
            "arrondissements",
        )
    )
    with transaction.atomic():
        for copy in range(1, copies + 1):
            for entry in originals:
                children = {
                    name: list(getattr(entry, name).all())
                    for name in ("key_figures", "contacts", "links", "fph_funds")
                }
                tags = {
                    name: list(getattr(entry, name).all())
                    for name in ("audiences", "actions", "arrondissements")
                }
                clone = Entry.objects.get(pk=entry.pk)
                clone.pk = None
                clone.id = None
                clone.slug = f"{entry.slug}-{copy}"
                clone.title = f"{entry.title} ({copy})"
                clone.latest_revision = None
                clone.live_revision = None
                clone.sort_order = (entry.sort_order or 0) + copy * 1000
                clone.save()
                for rows in children.values():
                    for row in rows:
                        row.pk = None
                        row.id = None
                        row.entry = clone
                        row.save()
                for name, values in tags.items():
                    getattr(clone, name).set(values)


def build(edition, out, queue):
    from django.db import connections

    connections.close_all()
    from guide.pdf import PdfOptions, render_pdf

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = render_pdf(PdfOptions(edition=edition), out)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time is what a busy shared machine distorts least; wall time is what users wait.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = after.ru_maxrss / 1024
    queue.put((seconds, cpu, peak_mb, result.page_count, result.size_bytes))


def measure(edition, out, runs):
    from django.db import connections

    context = multiprocessing.get_context("fork")
    samples = []
    for _ in range(runs):
        connections.close_all()
        queue = context.Queue()
        process = context.Process(target=build, args=(edition, out, queue))
        process.start()
        samples.append(queue.get())
        process.join()
    seconds = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    peak = max(s[2] for s in samples)
    _, _, _, pages, size = samples[-1]
    return seconds, cpu, peak, pages, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per measure (median kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from cms.entries.models import Entry

        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU, median of {args.runs}")
        print(f"Process before building (Django + data loaded): {baseline:.0f} MB peak RSS")
        print("| guide | entries | edition | pages | size | wall time | CPU time | peak RSS |")
        print("|---|---|---|---|---|---|---|---|")
        for label, copies in (("default", 0), ("10x", 9)):
            if copies:
                multiply_entries(copies)
            count = Entry.objects.published().count()
            for edition in EDITIONS:
                out = Path(folder) / f"{label}-{edition}.pdf"
                seconds, cpu, peak, pages, size = measure(edition, out, args.runs)
                print(
                    f"| {label} | {count} | {edition} | {pages} | {size / 1024:.0f} KB "
                    f"| {seconds:.2f} s | {cpu:.2f} s | {peak:.0f} MB |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
