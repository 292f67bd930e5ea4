"""The static site's search index: Pagefind run over the written pages (a post-step).

Pagefind (the `pagefind` package's binary) reads the HTML the publish wrote, indexes the
pages that mark their content with `data-pagefind-body` (entries, parts, arrondissements,
text pages, consultations) with its French stemmer, and writes its bundle to
`pagefind/` at the site's root, where static/js/search.js loads it. The search rules
(synonyms, promotions, vocabulary) come from cms.pages.search beside the search page.

The bundle is built in a temporary folder and swapped in whole: a failed run leaves the
previous bundle. A publish that rendered nothing keeps the bundle as it is.
"""

import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .build import PublishError

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
TIMEOUT_SECONDS = 300


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


def index_site(out_dir, build):
    out_dir = Path(out_dir)
    bundle = out_dir / BUNDLE
    if not build.rendered and (bundle / "pagefind.js").is_file():
        return
    started = time.monotonic()
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
    pages = len(list((bundle / "fragment").glob("*"))) if (bundle / "fragment").is_dir() else 0
    logger.info("Pagefind: %s pages indexed in %.1f s", pages, time.monotonic() - started)
