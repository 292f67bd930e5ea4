"""Rendering a publish's pages on every core: forked processes, no database in them.

A full publish spends most of its time in Django's templates, one page after another,
on one core. Once the keys are known, the pages to render are independent of each
other, so the publishing process forks `PUBLISH_WORKERS - 1` copies of itself. Each
process starts on a contiguous range of the pages of its own and takes them in chunks;
one that runs out takes chunks from the end of the range with most left (`_Ranges`).
Neighbouring pages share memoised parts (the finder's result cards, the same section or
arrondissement), and each process renders those once for itself: with ranges rather
than chunks dealt in turn, a shared part is rendered by one process instead of all.

Why fork, and why the children never touch the database:
- a forked child starts with everything the parent has read (the content snapshot, the
  finder's facts, the templates compiled); a fresh process would read it all again;
- a child must not use the parent's database connection (one socket for two processes
  corrupts both sessions), and a new connection would not see what the parent sees (an
  open transaction, a test database in memory). So each child's connections are
  replaced by `_NoDatabase`: a page that needs a query is given back, unrendered, and
  the parent renders it after the others. The same happens for a page that raised or
  a child that died: the parent renders whatever has no result, so the output never
  depends on the children, only the time does.

`render_all()` is the only entry point; with one worker, few pages or no fork (not
Linux), it renders in order in this process, as before.
"""

import logging
import multiprocessing
import os
import pickle
import select
import signal
import sys
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# What a page has until some process renders it.
_MISSING = object()

# Pages per claim: small enough to balance the heavy pages (an arrondissement's list, a
# few hundred kB), large enough to keep neighbours together.
CHUNK = 16


class DatabaseInChild(Exception):
    """A child tried to reach the database: the page goes back to the parent."""


class _NoDatabase:
    """Stands for a database connection in a child: any use is refused and recorded.

    Not an AttributeError: Django's templates swallow those while resolving a variable
    and would render an empty string in place of what the query would have given.
    """

    touched = False

    def __getattr__(self, name):
        _NoDatabase.touched = True
        raise DatabaseInChild(name)


def refused_database():
    """True in a child whose current page tried to reach the database: that page is given
    back to the parent, so its result must leave nothing behind (write.stage)."""
    return _NoDatabase.touched


def worker_count():
    """How many processes render a publish: PUBLISH_WORKERS, or the usable cores (≤ 4)."""
    if settings.PUBLISH_WORKERS:
        return max(1, int(settings.PUBLISH_WORKERS))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def render_all(
    items,
    render_one,
    progress=None,
    workers=None,
    prepare=None,
    alongside=None,
    here=None,
    lost=None,
):
    """[render_one(item) for item in items], in order, over `workers` processes.

    `prepare()`, called before forking only, reads what every process will need.
    What needs the database, which only this process has, is done here while the
    children render the rest, before this process takes pages from the counter:
    `alongside()`, called once (first when there are no children), and the items for
    which `here(item)` is true. A page that needs the database anyway is given back by
    its child (see the module's docstring): `here` only spares it being rendered at the
    end, on one core. `lost`, a list: the process ids of children that died or sent
    nothing are appended to it, for the caller to remove what they wrote (render_site).

    `render_one` must be a pure function of its item for everything the database does
    not hold (the children's side effects are lost); `progress(done)` is called in this
    process as pages are done, by any process.
    """
    workers = worker_count() if workers is None else workers
    minimum = max(settings.PUBLISH_PARALLEL_MIN_PAGES, 2)
    if workers <= 1 or len(items) < minimum or not sys.platform.startswith("linux"):
        if alongside:
            alongside()
        results = []
        for item in items:
            results.append(render_one(item))
            if progress:
                progress(len(results))
        return results
    if prepare:
        prepare()
    return _forked(items, render_one, progress, workers, alongside, here, lost)


def _forked(items, render_one, progress, workers, alongside=None, here=None, lost=None):
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0, lock=False)
    results = [_MISSING] * len(items)
    children = []
    started = time.monotonic()

    def render_here(index, report=True):
        results[index] = render_one(items[index])
        done.value += 1
        if progress and report:
            progress(done.value)

    # The first page here, before forking: what every page reads once per publish (the
    # guide's address, the menus, the frame rendered once) is then read by this process
    # only, and inherited. One page, not a chunk: the pages after it may be heavy ones
    # (the search page reads every entry's words, a second at 2,000 entries), and
    # whatever runs before the fork runs on one core.
    render_here(0, report=False)
    ranges = _Ranges(context, 1, len(items), workers)
    local = [index for index in range(1, len(items)) if here and here(items[index])]
    skip = frozenset(local)
    try:
        for number in range(workers - 1):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which never returns
                os.close(read_end)
                _child(items, render_one, ranges.claims(number, skip), done, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        if alongside:
            alongside()
        for index in local:
            render_here(index)
        # This process renders too: the last range, then what is left of the others.
        for index in ranges.claims(workers - 1, skip):
            render_here(index)
        # The children have at most the chunks in hand left to do: as long again as this
        # process took, and at least a minute, is more than enough.
        deadline = time.monotonic() + max(60.0, time.monotonic() - started)
        while children:
            pid, read_end = children[0]
            rendered = _collect(pid, read_end, deadline)
            if rendered is None and lost is not None:
                lost.append(pid)
            for index, result in rendered or ():
                results[index] = result
            _reap(pid, read_end, wait=rendered is not None)
            children.pop(0)
    finally:
        # Only after a failure here: the children still running are stopped.
        for pid, read_end in children:
            _reap(pid, read_end, wait=False)
    # Given back (a query, an error) or lost with a child: rendered here, in order, where
    # an error is raised for real.
    missing = [index for index, result in enumerate(results) if result is _MISSING]
    if missing:
        logger.info("Publication : %s page(s) rendue(s) par le processus principal", len(missing))
    for index in missing:
        render_here(index)
    return results


class _Ranges:
    """The indexes [first, total) cut into one contiguous range per process, shared by
    the forked processes: each takes chunks from the start of its own range, then from
    the end of whichever range has most left, so that every index is taken once and the
    processes finish together even when some ranges hold the heavy pages."""

    def __init__(self, context, first, total, count):
        size = total - first
        bounds = [first + size * number // count for number in range(count + 1)]
        # [start, end) of each range, side by side; one lock for all.
        self.bounds = context.Array("q", [b for n in range(count) for b in bounds[n : n + 2]])
        self.count = count

    def take(self, own):
        """(start, end) of the next chunk for the process that owns range `own`, or None
        when every range is empty."""
        bounds = self.bounds
        with bounds.get_lock():
            start, end = bounds[2 * own], bounds[2 * own + 1]
            if start < end:
                bounds[2 * own] = stop = min(start + CHUNK, end)
                return start, stop
            left, fullest = max((bounds[2 * n + 1] - bounds[2 * n], n) for n in range(self.count))
            if left <= 0:
                return None
            end = bounds[2 * fullest + 1]
            bounds[2 * fullest + 1] = start = max(bounds[2 * fullest], end - CHUNK)
            return start, end

    def claims(self, own, skip=frozenset()):
        """Indexes to render, a chunk at a time, until every range is empty; not those in
        `skip` (the publishing process renders them)."""
        while (chunk := self.take(own)) is not None:
            yield from (index for index in range(*chunk) if index not in skip)


def _child(items, render_one, claims, done, write_end):  # pragma: no cover - child only
    status = 1
    try:
        # The parent's signal handlers (a worker's graceful stop) are not the child's.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # A page refused its query answers 500 through Django's handler, which logs an
        # error: the page comes back to the parent, which logs its real errors.
        logging.getLogger("django.request").disabled = True
        inherited = []  # kept referenced: finalising them would close the parent's sessions
        for connection in connections.all():
            inherited.append(connection.connection)
            connection.connection = _NoDatabase()
        rendered = []
        for index in claims:
            _NoDatabase.touched = False
            try:
                result = render_one(items[index])
            except Exception:
                # Given back: the parent renders it, and raises the real error if any.
                logger.debug("Page %s rendue par le processus principal", index, exc_info=True)
                continue
            if _NoDatabase.touched:
                continue  # it needed the database (even if the page swallowed the error)
            rendered.append((index, result))
            done.value += 1
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(rendered, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        # No atexit, no finalizers: the parent's connections, files and locks are its own.
        os._exit(status)


def _collect(pid, read_end, deadline):
    """What a child rendered; None if it died, sent something unreadable or was still
    silent at `deadline` (a child stuck on a lock another thread held at the fork must
    not hold the publish: its pages are rendered here)."""
    chunks = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        # Our own child's bytes, through a pipe only the two processes hold.
        return pickle.loads(b"".join(chunks))  # noqa: S301
    except (EOFError, TimeoutError, pickle.UnpicklingError, OSError):
        logger.warning("Publication : un processus de rendu (%s) n'a rien rendu", pid)
        return None


def _reap(pid, read_end, wait):
    """Close the pipe and wait for the child; without `wait`, stop it first."""
    try:
        os.close(read_end)
    except OSError:
        pass
    try:
        if not wait:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
