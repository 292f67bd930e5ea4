"""A newcomer's check, automated: a plain HTML page on another origin embeds the form in
an <iframe>; a resident answers it in Chromium, meets the error summary, corrects,
sends; the answer is in the admin's CSV export."""

import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def host_page(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_embedded_form_on_another_origin(live_server, host_page, settings, admin_client):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium introuvable ({CHROMIUM})")
        pytest.skip("Chromium introuvable : apt-get install chromium")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    folder, origin = host_page
    settings.BASE_URL = live_server.url
    settings.ALLOWED_HOSTS = ["*"]
    settings.CONSULTATION_EMBED_ALLOWED_ORIGINS = [origin]
    consultation = ConsultationFactory(slug="avis-integre")
    (folder / "index.html").write_text(
        f"<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Partenaire</title></head>"
        f"<body><h1>Site partenaire</h1>{consultation.embed_snippet}</body></html>",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(java_script_enabled=True)
        page.goto(f"{origin}/index.html")
        frame = page.frame_locator("iframe")
        frame.locator("#id_q_proposition").fill("Des réunions le soir <b>svp</b>")
        frame.locator("#id_email").fill("camille@example.org")
        frame.locator("button[type=submit]").click()
        summary = frame.locator(".c-error-summary")
        summary.wait_for()
        errors = summary.inner_text()
        focused = page.frames[1].evaluate("document.activeElement.className")
        kept = frame.locator("#id_q_proposition").input_value()
        frame.locator("label[for=id_q_engagement_0]").click()
        frame.locator("label[for=id_email_consentement]").click()
        frame.locator("button[type=submit]").click()
        frame.locator(".c-panel").wait_for()
        thanks = frame.locator("main").inner_text()
        browser.close()

    assert "Répondez à la question « Quel engagement en priorité ? »" in errors
    assert "Cochez la case de consentement" in errors
    assert focused == "c-error-summary"
    assert kept == "Des réunions le soir <b>svp</b>"
    assert "Vos réponses ont bien été envoyées" in thanks
    answer = Answer.objects.get()
    assert answer.source == "embed" and answer.email == "camille@example.org"
    export = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/export.csv")
    assert "Des réunions le soir <b>svp</b>" in b"".join(export.streaming_content).decode(
        "utf-8-sig"
    )
