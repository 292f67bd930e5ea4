"""The published static site in headless Chromium (Debian's package, driven by Playwright).

The site is published once per module into a sub-folder of a temporary web root and
served by the standard library's http.server, so every test also proves the output
works under a sub-path.
"""

import contextlib
import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.db import transaction

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SUB_PATH = "participation"


def require(condition, reason):
    """Skip on a developer's machine without the tool; in CI a missing tool is a failure."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (obligatoire en CI)")
    pytest.skip(reason)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def static_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Publish the shipped guide; yields (base URL, output folder)."""
    require(CHROMIUM.exists(), f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium")
    require(AXE.exists(), "axe-core introuvable : make node_modules/axe-core/axe.min.js")
    import guide.pdf
    from cms.entries.loading import load_guide
    from guide.publish import build_search, publish_site

    root = tmp_path_factory.mktemp("www")
    out = root / SUB_PATH
    pdf_dir = tmp_path_factory.mktemp("pdf")

    def small_pdf(edition="screen", arrondissement=None):
        # The print tests build the real PDFs; here only the link to them matters.
        path = pdf_dir / f"{edition}.pdf"
        path.write_bytes(b"%PDF-1.7\n%%EOF\n")
        return path

    def small_pdfs():
        kinds = [("screen", None), ("print", None), *(("screen", n) for n in range(1, 21))]
        return {(edition, number): small_pdf(edition) for edition, number in kinds}

    original = guide.pdf.latest_pdfs
    guide.pdf.latest_pdfs = small_pdfs
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            load_guide()
            run = publish_site(out)
            # The search follows the pages, as the worker's task builds it after a publish.
            if run.status == "success":
                build_search(out)
            transaction.set_rollback(True)
    finally:
        guide.pdf.latest_pdfs = original
    assert run.status == "success", run.error

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/", out
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def launched_chromium():
    """Debian's chromium under Playwright, with the flags these machines need."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def browser(static_site):
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def screenshots(tmp_path_factory):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")
