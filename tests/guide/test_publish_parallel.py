"""A publish renders its pages on every core (guide.publish.parallel): the site it writes
is byte for byte the one a single process writes, whatever the children do."""

import logging
import os

import pytest

from cms.entries.models import Entry
from guide.models import RunStatus
from guide.publish import parallel, publish_site
from tests.guide.files import site_files


def test_a_publish_on_three_processes_writes_the_same_site_as_one(
    guide_module, db, settings, tmp_path, caplog
):
    caplog.set_level(logging.INFO, logger="guide.publish.parallel")
    settings.PUBLISH_WORKERS = 1
    alone = publish_site(tmp_path / "alone")
    settings.PUBLISH_WORKERS = 3
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    shared = publish_site(tmp_path / "shared")

    assert alone.status == shared.status == RunStatus.SUCCESS, shared.error
    assert shared.pages_rendered == alone.pages_rendered > 100
    assert site_files(tmp_path / "shared") == site_files(tmp_path / "alone")
    assert shared.fingerprint == alone.fingerprint
    # The children did render, and no page came back to this process: those that query
    # for themselves (Wagtail's own pages, a consultation's form, the search pages) are
    # rendered by it while the children render the others (render.reads_database).
    given_back = [r.getMessage() for r in caplog.records if "processus principal" in r.getMessage()]
    assert given_back == []


def test_small_publishes_stay_in_one_process(settings, monkeypatch):
    settings.PUBLISH_WORKERS = 4
    settings.PUBLISH_PARALLEL_MIN_PAGES = 50
    monkeypatch.setattr(parallel.os, "fork", lambda: pytest.fail("forked for 10 pages"))

    assert parallel.render_all(list(range(10)), lambda n: n * n) == [n * n for n in range(10)]


def test_one_page_only_is_rendered_before_the_children_start(settings, monkeypatch):
    """What runs before the fork runs on one core: the first page reads what all share
    (the frame, the menus); a heavy page after it (the search page) is shared out."""
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    forked = []
    before_fork = []
    real_fork = os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: (forked.append(1), real_fork())[1])

    def render(n):
        if not forked:
            before_fork.append(n)
        return n

    assert parallel.render_all(list(range(100)), render, workers=2) == list(range(100))
    assert before_fork == [0]


def test_each_process_takes_a_range_of_its_own_then_helps_the_others():
    """Neighbouring pages share memoised parts (the finder's cards): a process renders
    its own range of pages, in order, then takes chunks from the end of the fullest."""
    import multiprocessing

    ranges = parallel._Ranges(multiprocessing.get_context("fork"), 1, 101, 2)
    first = list(ranges.claims(0))
    # Range 0 is [1, 51): taken in order; then the end of range 1, chunk by chunk.
    assert first[:50] == list(range(1, 51))
    assert first[50 : 50 + parallel.CHUNK] == list(range(101 - parallel.CHUNK, 101))
    # Range 0's owner took everything; a late second process finds nothing left.
    assert sorted(first) == list(range(1, 101))
    assert list(ranges.claims(1)) == []

    # Three processes taking turns: every index once, but those skipped (rendered by
    # the publishing process itself).
    ranges = parallel._Ranges(multiprocessing.get_context("fork"), 1, 101, 3)
    claims = [ranges.claims(n, {7}) for n in range(3)]
    taken = []
    while claims:
        for one in list(claims):
            index = next(one, None)
            if index is None:
                claims.remove(one)
            else:
                taken.append(index)
    assert sorted(taken) == [index for index in range(1, 101) if index != 7]


def test_what_needs_the_database_is_done_here_while_the_children_render(settings, monkeypatch):
    """The sitemap (alongside) and the pages marked `here` (the search page) are rendered
    by the publishing process after it forked, not by a child (which would give them
    back, to be rendered at the end on one core)."""
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    parent = os.getpid()
    forked = []
    real_fork = os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: (forked.append(1), real_fork())[1])
    alongside = []

    def render(n):
        return (n, os.getpid() == parent, bool(forked))

    results = parallel.render_all(
        list(range(100)),
        render,
        workers=2,
        alongside=lambda: alongside.append(bool(forked)),
        here=lambda n: n in (3, 50),
    )

    assert [n for n, _here, _after in results] == list(range(100))
    assert alongside == [True]
    assert results[3] == (3, True, True) and results[50] == (50, True, True)
    # One process alone (a small publish): alongside still runs, once.
    alongside.clear()
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1000
    parallel.render_all(list(range(10)), render, workers=2, alongside=lambda: alongside.append(1))
    assert alongside == [1]


def test_pages_that_need_the_database_are_rendered_by_the_publishing_process(db, settings):
    """A child has no database: what it cannot render comes back and is rendered here,
    with the database this process sees (an open transaction included)."""
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    Entry.objects.all().delete()
    parent = os.getpid()
    where = []

    def render(n):
        where.append(os.getpid())
        return (n, Entry.objects.count())

    results = parallel.render_all(list(range(60)), render, workers=3)

    assert results == [(n, 0) for n in range(60)]
    # Everything the parent holds was rendered by the parent (the children's are lost).
    assert set(where) == {parent} and len(where) == 60


def test_a_child_that_dies_or_fails_loses_no_page(settings):
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    parent = os.getpid()

    def render(n):
        if os.getpid() != parent and n % 7 == 0:
            os._exit(3)  # a child killed mid-publish
        if os.getpid() != parent and n % 5 == 0:
            raise ValueError("only in a child")
        return f"page {n}"

    assert parallel.render_all(list(range(200)), render, workers=3) == [
        f"page {n}" for n in range(200)
    ]


def test_an_error_in_a_page_is_raised_in_the_publishing_process(settings, monkeypatch):
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    children = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)

    def render(n):
        if n == 150:
            raise ValueError("page 150 is broken")
        return n

    with pytest.raises(ValueError, match="page 150"):
        parallel.render_all(list(range(200)), render, workers=2)
    # No child left behind: each one was waited for.
    assert children
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_page_that_swallows_the_refused_query_is_still_given_back(db, settings):
    """Django's templates turn some errors into empty strings: a page that caught the
    refusal must not be published without what the query would have shown."""
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    parent = os.getpid()

    def render(n):
        try:
            Entry.objects.exists()
            shown = "from the database"
        except Exception:
            shown = ""
        return (n, shown, os.getpid() == parent)

    results = parallel.render_all(list(range(40)), render, workers=2)
    assert all(shown == "from the database" and by_parent for _n, shown, by_parent in results)


def publish_alone_then_on_two_processes(settings, tmp_path, monkeypatch, render_page):
    """(run of a one-process publish, run of a two-process publish whose pages go through
    `render_page(real, renderer, path)`, the folder of the second); the second must
    write the same site, and leave no temporary file (write.stage)."""
    from guide.publish import render

    settings.PUBLISH_WORKERS = 1
    alone = publish_site(tmp_path / "alone")
    settings.PUBLISH_WORKERS = 2
    settings.PUBLISH_PARALLEL_MIN_PAGES = 1
    real = render.render_page
    monkeypatch.setattr(render, "render_page", lambda *args: render_page(real, *args))
    out = tmp_path / "shared"
    run = publish_site(out)

    assert run.status == RunStatus.SUCCESS, run.error
    assert site_files(out) == site_files(tmp_path / "alone")
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    return alone, run


def test_a_renderer_killed_mid_publish_leaves_a_complete_site_and_no_staged_file(
    guide_module, db, settings, tmp_path, monkeypatch
):
    """A child writes the pages it renders under temporary names (write.stage); killed
    before it reports them, its pages are rendered again by the publishing process and
    its temporary files are removed."""
    parent = os.getpid()
    done_in_child = []

    def dies_after_a_few_pages(real, renderer, path):
        result = real(renderer, path)
        if os.getpid() != parent:
            done_in_child.append(path)
            if len(done_in_child) == 40:
                os._exit(9)  # like a renderer killed for memory, its pages half written
        return result

    alone, run = publish_alone_then_on_two_processes(
        settings, tmp_path, monkeypatch, dies_after_a_few_pages
    )
    assert alone.pages_rendered == run.pages_rendered


def test_a_page_given_back_by_a_child_leaves_no_staged_file(
    guide_module, db, settings, tmp_path, monkeypatch
):
    """A child's page that reached for the database (and swallowed the refusal) is given
    back: the child writes nothing of it, the parent renders and writes it."""

    def reaches_for_the_database(real, renderer, path):
        if "/outils/" in path:
            try:
                Entry.objects.exists()  # refused in a child, swallowed as a template would
            except Exception:  # noqa: S110 - the point of the test
                pass
        return real(renderer, path)

    publish_alone_then_on_two_processes(settings, tmp_path, monkeypatch, reaches_for_the_database)


def test_the_heap_keeps_freed_memory_during_a_publish_and_gives_it_back_after(monkeypatch):
    """glibc's thresholds are raised for the publish only, then set back, and the memory
    kept is handed back; without glibc (musl, macOS) nothing is asked of the allocator."""
    import guide.publish as publish

    calls = []

    class FakeLibc:
        def mallopt(self, option, value):
            calls.append(("mallopt", option, value))

        def malloc_trim(self, pad):
            calls.append(("malloc_trim", pad))

    monkeypatch.setattr(publish, "_glibc", FakeLibc)
    with publish.roomy_heap():
        assert calls == [
            ("mallopt", publish.M_TRIM_THRESHOLD, publish.PUBLISH_TRIM_THRESHOLD),
            ("mallopt", publish.M_MMAP_THRESHOLD, publish.PUBLISH_MMAP_THRESHOLD),
        ]
    assert calls[2:] == [
        ("mallopt", publish.M_TRIM_THRESHOLD, publish.GLIBC_DEFAULT_THRESHOLD),
        ("mallopt", publish.M_MMAP_THRESHOLD, publish.GLIBC_DEFAULT_THRESHOLD),
        ("malloc_trim", 0),
    ]
    monkeypatch.setattr(publish, "_glibc", lambda: None)
    with publish.roomy_heap():
        pass
    assert len(calls) == 5
