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
from functools import cache
from pathlib import Path

from django.conf import settings

# The folders whose files change what outputs look like (templates, assets, code).
CODE_FOLDERS = ("templates", "static", "cms", "guide")
IGNORED_SUFFIXES = {".pyc", ".sqlite3"}


def files_fingerprint():
    base = Path(settings.BASE_DIR)
    stats = []
    for folder in CODE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in IGNORED_SUFFIXES or not path.is_file():
                continue
            stat = path.stat()
            stats.append((str(path.relative_to(base)), stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256(json.dumps(stats).encode()).hexdigest()


@cache
def process_code_version():
    return files_fingerprint()[:16]
