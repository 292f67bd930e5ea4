"""The static site's search: the search rules beside the search page and Pagefind's bundle.

Both are built after the pages, by `build_search()`, outside the publish itself: Pagefind
has no incremental mode and reads every written page (seconds at city scale), and the
rules' vocabulary reads every entry's text. The publish says whether they are due
(`search_is_due`); guide.tasks queues `build_search` on the background worker, and
`manage.py publish` runs it inline.

- `<guide>/recherche/index.json` (cms.pages.search): synonyms, promotions, vocabulary,
  which static/js/search.js applies to Pagefind's results;
- `pagefind/` at the site's root: Pagefind (the `pagefind` package's binary) over the
  pages that mark their content with `data-pagefind-body`, with its French stemmer.

The bundle is built in a temporary folder and swapped in whole: a failed run leaves the
previous bundle and says why in the folder's search state (`.publish-search.json`), which
the admin's dashboard shows (guide.follow). Two builds of one folder wait for each other
(their own lock); a publish never waits for a build: it writes pages atomically, and if
one changes under a running build, the publish has queued the next one.
"""

import json
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.utils import timezone

from cms.entries.published import content_snapshot
from cms.pages.addresses import search_index_path

from .build import PublishError
from .dependencies import content_index, search_content_key
from .links import output_path
from .render import publishing_context
from .write import MANIFEST_NAME, digest, exclusive, read_entry_cache, write_atomic

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
TIMEOUT_SECONDS = 300
SEARCH_STATE = ".publish-search.json"
SEARCH_LOCK = ".publish-search.lock"


def pagefind_command(site, output):
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--force-language",
        "fr",
        "--silent",
    ]


def read_state(out_dir):
    try:
        return json.loads((Path(out_dir) / SEARCH_STATE).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def search_key(out_dir, index):
    """What the search shows: the pages as written (the manifest) and the content the rules
    read. Equal keys, identical search files."""
    try:
        manifest = (Path(out_dir) / MANIFEST_NAME).read_bytes()
    except FileNotFoundError:
        manifest = b""
    return digest(f"{digest(manifest)} {search_content_key(index)}".encode())


def _complete(out_dir, state):
    out_dir = Path(out_dir)
    return (out_dir / BUNDLE / "pagefind.js").is_file() and all(
        (out_dir / relative).is_file() for relative in state.get("files", [])
    )


def search_is_due(out_dir, index):
    """True when the search files do not match the pages and content as they are now."""
    state = read_state(out_dir)
    return (
        state.get("key") != search_key(out_dir, index)
        or state.get("status") != "success"
        or not _complete(out_dir, state)
    )


def build_search(out_dir, base_url=None):
    """Write the search rules and Pagefind's bundle for the pages in `out_dir`, unless they
    are up to date; returns True when it built them. Raises PublishError (in French) when
    it fails, leaving the previous files in place."""
    out_dir = Path(out_dir).resolve()
    started = time.monotonic()
    with exclusive(out_dir, SEARCH_LOCK, wait=True):
        with publishing_context(base_url) as renderer, content_snapshot():
            index = content_index(read_entry_cache(out_dir))
            key = search_key(out_dir, index)
            if not search_is_due(out_dir, index):
                return False
            try:
                # The bundle first: the rules' new vocabulary appears once there is an
                # index to apply it to.
                _run_pagefind(out_dir)
                files = _write_rules(out_dir, renderer)
            except PublishError as error:
                _save_state(out_dir, read_state(out_dir).get("key"), "failed", str(error))
                raise
        _save_state(out_dir, key, "success", files=files)
    pages = len(list((out_dir / BUNDLE / "fragment").glob("*")))
    logger.info("Search: %s pages indexed in %.1f s", pages, time.monotonic() - started)
    return True


def _write_rules(out_dir, renderer):
    path = search_index_path()
    if not path:  # no guide page: no search page to sit beside
        return []
    response = renderer.client.get(path)
    if response.status_code != 200:
        raise PublishError(f"{path} répond {response.status_code}.")
    target = output_path(path)
    write_atomic(out_dir / target, response.content)
    return [target]


def _run_pagefind(out_dir):
    bundle = out_dir / BUNDLE
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".tmp-pagefind-") as work:
        fresh = Path(work) / BUNDLE
        try:
            subprocess.run(  # noqa: S603 (our own interpreter and arguments)
                pagefind_command(out_dir, fresh),
                check=True,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (OSError, subprocess.SubprocessError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            raise PublishError(
                f"L'index de recherche (Pagefind) n'a pas pu être construit : {detail.strip()}"
            ) from error
        old = Path(work) / "previous"
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)


def _save_state(out_dir, key, status, error="", files=None):
    state = read_state(out_dir)
    state.update(key=key, status=status, error=error, at=timezone.now().isoformat())
    if files is not None:
        state["files"] = files
    write_atomic(out_dir / SEARCH_STATE, json.dumps(state, sort_keys=True).encode())
