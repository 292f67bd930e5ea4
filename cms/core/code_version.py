"""What the running code looks like, for caches keyed on what an output depends on.

A page or an API response depends on the published content and on the code and
templates that render it: a deployment that changes how a text is set (typography, a
template) must not keep serving what the former code rendered. `files_fingerprint()`
hashes the names, sizes and modification times of the project's source files (a
deployment changes them); `process_code_version()` is the same, once per process, for
code that cannot change under a running process (the API's response cache).
"""

import hashlib
import json
import os
from functools import cache

from django.conf import settings

# The folders whose files change what outputs look like (templates, assets, code).
CODE_FOLDERS = ("templates", "static", "cms", "guide")
IGNORED_SUFFIXES = {".pyc", ".sqlite3"}


def files_fingerprint():
    # os.scandir rather than pathlib: every publish computes this (a few hundred files),
    # and pathlib's rglob, is_file and relative_to cost ten times as much (7 ms of the
    # 150 ms a publish after one edit takes at 2,000 entries).
    base = str(settings.BASE_DIR)
    stats = []
    for folder in CODE_FOLDERS:
        _walk(os.path.join(base, folder), folder, stats)
    stats.sort()
    return hashlib.sha256(json.dumps(stats).encode()).hexdigest()


def _walk(directory, relative, stats):
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return
    for entry in entries:
        name = f"{relative}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, name, stats)
        elif entry.is_file() and os.path.splitext(entry.name)[1] not in IGNORED_SUFFIXES:
            stat = entry.stat()
            stats.append((name, stat.st_size, stat.st_mtime_ns))


@cache
def process_code_version():
    return files_fingerprint()[:16]
