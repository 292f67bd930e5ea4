"""Writing the site: only the files whose bytes changed, atomically, under a lock.

The manifest (`.publish-manifest.json` in the output folder) maps each published file
to the hash of its bytes; it is how a publish knows what the previous one wrote.
"""

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager, suppress

from .build import PublishError

MANIFEST_NAME = ".publish-manifest.json"
# What each page showed when it was rendered (its key) and the assets it references.
PAGES_NAME = ".publish-pages.json"
# The entries' versions, each under its stamp (dependencies.ContentIndex).
ENTRIES_NAME = ".publish-entries.json"
LOCK_NAME = ".publish.lock"


def digest(content):
    return hashlib.sha256(content).hexdigest()


# {path: ((inode, size, mtime), parsed JSON, encoded)}: a publish reads the manifest three
# times and, after one edit, the three files (2.7 MB at 2,000 entries) cost more to parse
# than the page it renders. Parsed again whenever the file on disk is not the one parsed.
# What _read_json() returns is shared: its callers only read it.
#
# `encoded`, {id(value): (value, key, '"key": text')}, is the JSON text of the values this
# process last wrote into the file (_write_state). After one edit all but a few are the
# very objects written last time (read back from here, or kept by the publish), and
# encoding the three files whole took longer than rendering the page that changed. The
# value is held, so its id() is not another object's.
_parsed = {}


def _signature(path):
    """What tells one version of a file on disk from another."""
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _read_json(path):
    try:
        signature = _signature(path)
        kept = _parsed.get(path)
        if kept is not None and kept[0] == signature:
            return kept[1]
        with open(path, "rb") as file:
            value = json.loads(file.read())
    except (FileNotFoundError, ValueError):
        return {}
    _keep(path, signature, value)
    return value


def _keep(path, signature, value, encoded=None):
    if len(_parsed) >= 8:
        _parsed.clear()  # the last publishes' files, of one folder or another
    _parsed[path] = (signature, value, encoded or {})


def _write_state(path, value, levels=1):
    """Write a state file, and keep what was written as parsed: the next publish in this
    process (the worker's) reads it without parsing it. Only strings as keys, lists and
    plain values in these files: what json.loads() would give back is equal to `value`.

    The bytes are json.dumps(value, sort_keys=True)'s. `levels`: how many levels of
    dicts are opened; the values found below (a page's state, an entry's versions) are
    encoded once per process while they are the same objects (_parsed). Like what
    _read_json() returns, they are never changed in place."""
    path = str(path)
    kept = _parsed.get(path, (None, None, {}))[2]
    fresh = {}
    text = _encode(value, levels, kept, fresh)
    write_atomic(path, text.encode())
    _keep(path, _signature(path), value, fresh)


def _encode(value, levels, kept, fresh):
    if levels == 0 or not isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    pairs = []
    for key in sorted(value):
        item = value[key]
        known = kept.get(id(item))
        if known is None or known[0] is not item or known[1] != key:
            text = _encode(item, levels - 1, kept, fresh)
            known = (item, key, f"{json.dumps(key)}: {text}")
        fresh[id(item)] = known
        pairs.append(known[2])
    return "{" + ", ".join(pairs) + "}"


def read_manifest(out_dir):
    return _read_json(os.path.join(out_dir, MANIFEST_NAME))


def read_pages(out_dir):
    """The keys of the previous publish, for the files still there as it wrote them."""
    pages = _read_json(os.path.join(out_dir, PAGES_NAME))
    if not pages:
        return {}
    manifest = read_manifest(out_dir)
    root = str(out_dir)
    # os.path rather than pathlib: one check per page, thousands of pages.
    return {
        relative: state
        for relative, state in pages.items()
        if relative in manifest and os.path.isfile(os.path.join(root, relative))
    }


def read_entry_cache(out_dir):
    """The entries' versions the previous publish kept ({} for none)."""
    return _read_json(os.path.join(out_dir, ENTRIES_NAME))


STAGED_SUFFIX = ".part"


def stage(out_dir, relative, content, previous, folders):
    """Write a rendered page beside its place under a temporary name, for write_site()
    to rename once every page is rendered: the renderers write while they render, on
    every core, instead of the publishing process writing them all at the end, and the
    site in place changes only when the whole publish succeeded.

    Returns (temporary path, digest), or (None, digest) when the file in place already
    has these bytes (`previous`: the manifest of the last publish). The temporary name
    ends in ".part", not ".html": nothing takes it for a page.
    """
    file_digest = digest(content)
    target = os.path.join(out_dir, relative)
    if is_published(previous, relative, file_digest, target):
        return None, file_digest
    return _write_beside(target, content, folders, STAGED_SUFFIX), file_digest


def is_published(previous, relative, file_digest, target):
    """Whether the file in place already has these bytes (`previous`: the last manifest)."""
    return previous.get(relative) == file_digest and os.path.isfile(target)


def discard_staged(out_dir, pids=None):
    """Remove the pages staged by a publish that failed (or was killed) before write_site
    renamed them: the temporary files ending in STAGED_SUFFIX; with `pids`, those of
    these processes only (renderers that died). The folders made for new pages are left
    if empty, as write_site leaves them."""
    prefixes = tuple(f".tmp-{pid}-" for pid in pids) if pids else (".tmp-",)
    removed = 0
    for folder, _subfolders, names in os.walk(out_dir):
        for name in names:
            if name.startswith(prefixes) and name.endswith(STAGED_SUFFIX):
                with suppress(FileNotFoundError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    return removed


def _write_beside(path, content, folders, suffix=""):
    """Write `content` to a temporary file in `path`'s folder (made once: `folders` holds
    the ones made already) and return its name. The name is unique per process, and one
    process writes into one folder at a time (write.exclusive)."""
    folder = os.path.dirname(path)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    temporary = os.path.join(folder, f".tmp-{os.getpid()}-{os.path.basename(path)}{suffix}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            os.fchmod(descriptor, 0o644)  # whatever the umask: the web server reads it
            view = memoryview(content)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary


def write_atomic(path, content, folders=None):
    """Write `content` under a temporary name beside `path`, then rename it into place:
    a reader (the web server) sees the old file or the new one, never half of one.

    `folders`: the folders already made during this write, to skip asking again. A
    publish writes thousands of files: plain os calls, without NamedTemporaryFile's
    random names and wrapper, halve what each file costs in Python (0.3 → 0.15 s for
    3,200 files on tmpfs).
    """
    temporary = _write_beside(path, content, set() if folders is None else folders)
    try:
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_site(build, out_dir):
    """Write changed files, delete the ones the site no longer has; returns the counts."""
    previous = read_manifest(out_dir)
    written = unchanged = removed = 0
    manifest = {}
    folders = set()
    for relative, content in sorted(build.files.items()):
        file_digest = digest(content)
        manifest[relative] = file_digest
        target = out_dir / relative
        if is_published(previous, relative, file_digest, target):
            unchanged += 1
            continue
        write_atomic(target, content, folders)
        written += 1
    for relative, (temporary, file_digest) in build.staged.items():
        manifest[relative] = file_digest
        if temporary is None:
            unchanged += 1
            continue
        os.replace(temporary, out_dir / relative)
        written += 1
    for relative in build.reused:
        manifest[relative] = previous[relative]
        unchanged += 1
    for relative in build.kept:
        if relative in previous and (out_dir / relative).exists():
            manifest[relative] = previous[relative]
    for relative in sorted(set(previous) - set(manifest)):
        target = out_dir / relative
        if target.exists():
            target.unlink()
            removed += 1
        prune_empty_dirs(target.parent, out_dir)
    _write_state(os.path.join(out_dir, MANIFEST_NAME), manifest, levels=0)
    # {"generation", "entries": {pk: versions}, "routes": {address: route}...}
    _write_state(os.path.join(out_dir, ENTRIES_NAME), build.entry_cache, levels=2)
    # Last: a publish interrupted before this line renders again what it wrote.
    _write_state(os.path.join(out_dir, PAGES_NAME), build.pages, levels=1)
    return written, unchanged, removed


def prune_empty_dirs(directory, root):
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


@contextmanager
def exclusive(out_dir, name=LOCK_NAME, wait=False):
    """One publish at a time per output folder (`name`: another lock, for another step);
    with `wait`, the second one waits for the first instead of failing."""
    with open(out_dir / name, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise PublishError("Une autre publication est déjà en cours.") from error
        yield
