"""The editorial loop as editors live it, against `manage.py runall` alone (what `make run`
starts): a rédactrice edits and previews, a modératrice approves, and the static site, the
print PDF and the admin follow by themselves; a scheduled entry goes live on its own.

The server runs in a subprocess with the development settings (as `make run`), on its own
SQLite database set up as `make setup` does, with short delays so the loop takes seconds.
Deselect locally with `-m "not slow_loop"`; `make test` and CI run it.
"""

import contextlib
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import CHROMIUM, launched_chromium, require

pytestmark = [pytest.mark.browser, pytest.mark.slow_loop]

ROOT = Path(settings.BASE_DIR)
PARIS = ZoneInfo("Europe/Paris")
FOLLOW_TIMEOUT = 120  # seconds: "within two minutes"
EDITORS = {
    "redactrice": ("Rédacteur·rice·s", "Camille", "mot-de-passe-redactrice"),
    "moderatrice": ("Modérateur·rice·s", "Dominique", "mot-de-passe-moderatrice"),
}
# What `make setup` does (without building the PDFs: the loop builds them), plus the two
# editors, in one process.
SETUP = """
import django
django.setup()
from django.contrib.auth.models import Group, User
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
for command in ("load_guide", "ensure_admin", "setup_groups"):
    call_command(command, verbosity=0)
for username, (group, first_name, password) in {editors!r}.items():
    user = User.objects.create_user(username, f"{{username}}@example.invalid", password)
    user.first_name = first_name
    user.save()
    user.groups.add(Group.objects.get(name=group))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout, what, interval=1.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"{what} : toujours pas au bout de {timeout} s (dernier état : {last!r})")


class RunningCms:
    def __init__(self, url, folder, log):
        self.url = url
        self.db = folder / "participez.sqlite3"
        self.site = folder / "site"
        self.media = folder / "media"
        self.log = log

    def entry_pk(self, slug):
        with sqlite3.connect(self.db) as connection:
            return connection.execute(
                "SELECT id FROM entries_entry WHERE slug = ?", (slug,)
            ).fetchone()[0]

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
            return response.read().decode()

    def static_page(self, slug):
        pages = [p for p in self.site.rglob("index.html") if p.parent.name == slug]
        return pages[0].read_text() if pages else ""

    def search_rules(self):
        rules = list(self.site.rglob("recherche/index.json"))
        return rules[0].read_text() if rules else ""

    def print_pdf_text(self):
        pdfs = sorted((self.media / "guides").glob("guide-print-*.pdf"), key=os.path.getmtime)
        if not pdfs:
            return ""
        text = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", str(pdfs[-1]), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return " ".join(text.split())


@pytest.fixture(scope="module")
def cms(tmp_path_factory):
    """`manage.py runall` on a fresh database; stopped (with its worker) at the end."""
    require(CHROMIUM.exists(), f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium")
    folder = tmp_path_factory.mktemp("runall")
    port = free_port()
    # What the test run set for itself must not leak into the server, which runs as
    # `make run` does. The test settings set DEBUG=0 in this process's environment: a
    # runserver inheriting it serves no static files, so the admin has no script or style
    # and its preview panel stays closed.
    leaks = ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "BASE_URL", "STATIC_SITE_URL")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in leaks and key != "REDIS_URL" and not key.startswith("PYTEST")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{folder / 'participez.sqlite3'}",
        PUBLISH_OUTPUT_DIR=str(folder / "site"),
        MEDIA_ROOT=str(folder / "media"),
        ADMIN_PASSWORD="mot-de-passe-admin",
        PUBLISH_DEBOUNCE_SECONDS="1",
        SCHEDULED_PUBLISHING_SECONDS="3",
        PYTHONUNBUFFERED="1",
    )
    setup = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETUP.format(editors=EDITORS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    log_path = folder / "runall.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runall", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = RunningCms(f"http://127.0.0.1:{port}", folder, log_path)

    def answers():
        if server.poll() is not None:
            pytest.fail(f"runall s'est arrêté :\n{log_path.read_text()[-3000:]}")
        try:
            return "Wagtail" in running.get("/admin/login/") or "admin" in running.get(
                "/admin/login/"
            )
        except OSError:
            return False

    try:
        wait_until(answers, 60, "le serveur de runall répond", interval=0.3)
        yield running
    finally:
        # runall stops its server and worker on SIGTERM (its own process group)
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.fixture(scope="module")
def chromium(cms):
    with launched_chromium() as browser:
        yield browser


class Editor:
    """One person's browser: their own cookies, and what their console said."""

    def __init__(self, chromium, cms, username):
        self.cms = cms
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.console = []
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.console.append(str(error)))
        self.page.goto(cms.url + "/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", EDITORS[username][2])
        self.page.click("button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/admin/$"))

    def csp_violations(self):
        return [text for text in self.console if "Content Security Policy" in text]

    def open_entry(self, slug):
        self.page.goto(
            f"{self.cms.url}/admin/snippets/entries/entry/edit/{self.cms.entry_pk(slug)}/"
        )
        self.page.wait_for_load_state("networkidle")

    def more_actions(self):
        self.page.get_by_role("button", name="Plus d'actions").click()

    def close(self):
        self.context.close()


def preview_headings(page):
    """The main heading of each page the preview panel frames (it swaps in a new iframe
    each time it reloads, so there may briefly be two)."""
    headings = []
    # Playwright's synchronous API learns of new frames only while it is called.
    page.wait_for_timeout(200)
    for frame in page.frames:
        if "/preview/" not in frame.url:
            continue
        with contextlib.suppress(PlaywrightError):  # a frame being replaced
            heading = frame.locator("main h1, h1").first.inner_text(timeout=2000)
            headings.append(" ".join(heading.split()))
    return headings


def test_an_edit_goes_from_draft_to_the_static_site_and_the_print_pdf(cms, chromium):
    title = "Paris Pétition, relue par Camille"
    slug = "paris-petition"
    assert title not in cms.static_page(slug)

    # A rédactrice edits and saves a draft.
    camille = Editor(chromium, cms, "redactrice")
    camille.open_entry(slug)
    camille.page.fill("#id_title", title)
    camille.page.get_by_role("button", name="Enregistrer le brouillon").click()
    camille.page.wait_for_load_state("networkidle")
    assert camille.page.locator("#id_title").input_value() == title

    # She sees her draft in the preview panel, framed by the admin.
    camille.page.click("[data-side-panel-toggle='preview']")
    wait_until(
        lambda: title in preview_headings(camille.page) or None,
        20,
        "l'aperçu montre le brouillon",
    )
    assert not camille.csp_violations(), camille.csp_violations()

    # She submits it: nothing is public yet.
    camille.more_actions()
    camille.page.locator("button[name='action-submit']").click()
    camille.page.wait_for_load_state("networkidle")
    assert title not in cms.get("/api/v2/entries/?limit=100")
    assert not camille.csp_violations(), camille.csp_violations()
    camille.close()

    # A modératrice approves and publishes it.
    dominique = Editor(chromium, cms, "moderatrice")
    dominique.open_entry(slug)
    dominique.more_actions()
    dominique.page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).first.click()
    dominique.page.wait_for_load_state("networkidle")
    assert title in cms.get("/api/v2/entries/?limit=100")

    # Within two minutes the static site and the print PDF carry it, by themselves...
    started = time.monotonic()
    wait_until(lambda: title in cms.static_page(slug), FOLLOW_TIMEOUT, "le site statique suit")
    remaining = FOLLOW_TIMEOUT - (time.monotonic() - started)
    wait_until(lambda: title in cms.print_pdf_text(), remaining, "le PDF d'impression suit")
    # The static search follows the pages (the worker's next task): its rules know the
    # new word, and Pagefind's bundle is there.
    remaining = FOLLOW_TIMEOUT - (time.monotonic() - started)
    wait_until(lambda: "camille" in cms.search_rules(), remaining, "la recherche statique suit")
    assert (cms.site / "pagefind" / "pagefind.js").is_file()

    # ...and the admin says so.
    def admin_says_up_to_date():
        dominique.page.goto(cms.url + "/admin/publier-le-site/")
        states = dominique.page.locator("tr[data-output-state]").evaluate_all(
            "rows => rows.map(row => row.dataset.outputState)"
        )
        return states and all(state == "up_to_date" for state in states) and states

    remaining = FOLLOW_TIMEOUT - (time.monotonic() - started)
    wait_until(admin_says_up_to_date, max(remaining, 5), "l'administration dit « À jour »")
    assert "À jour" in dominique.page.locator("tr[data-output-state]").first.inner_text()

    # The editions the loop built, listed readably at 1280 px: no column cut off.
    dominique.page.goto(cms.url + "/admin/guide/printedition/")
    table = dominique.page.locator("table.listing")
    assert "Reconstruire" in table.inner_text()
    overflow = table.evaluate(
        """table => {
            const right = document.documentElement.clientWidth;
            return Array.from(table.querySelectorAll("th, td"))
                .filter(cell => cell.getBoundingClientRect().right > right + 1
                    || cell.scrollWidth > cell.clientWidth + 1)
                .map(cell => cell.textContent.trim());
        }"""
    )
    assert overflow == []
    assert not dominique.csp_violations(), dominique.csp_violations()
    dominique.close()


def test_an_entry_scheduled_a_minute_ahead_goes_live_by_itself(cms, chromium):
    title = "La Carte Citoyenne, édition programmée"
    slug = "carte-citoyenne"

    dominique = Editor(chromium, cms, "moderatrice")
    dominique.open_entry(slug)
    dominique.page.fill("#id_title", title)
    # The schedule dialog of the status panel ("Publication programmée").
    dominique.page.click("[data-side-panel-toggle='status']")
    dominique.page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
    dialog = dominique.page.locator("#schedule-publishing-dialog")
    # The date picker counts in minutes: the first whole minute at least 30 s away.
    go_live = (datetime.now(PARIS) + timedelta(seconds=89)).replace(second=0, microsecond=0)
    dominique.page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    # "Enregistrer le calendrier": a draft. Filling the field opens its date picker, which
    # may cover the button (a click there picks a date instead): the button's own click
    # event, as a keyboard user's Enter on it, whatever the picker covers.
    dialog.locator("button[type=submit]").dispatch_event("click")
    dominique.page.wait_for_load_state("networkidle")
    publish = dominique.page.locator("button[name='action-publish']")
    if not publish.is_visible():
        dominique.more_actions()
    publish.click()
    dominique.page.wait_for_load_state("networkidle")
    assert title not in cms.get("/api/v2/entries/?limit=100")
    entry_url = None
    for item in re.finditer(r'"html_url":\s*"([^"]+)"', cms.get("/api/v2/entries/?limit=100")):
        if f"/{slug}/" in item.group(1):
            entry_url = item.group(1)
    assert entry_url and entry_url.startswith(cms.url)  # addresses follow the serving port
    dominique.page.goto(cms.url + "/admin/snippets/entries/entry/?status=scheduled")
    assert "La Carte Citoyenne" in dominique.page.locator("table.listing tbody").inner_text()

    # It goes live on its own a minute later: the web page, the API, the static site.
    wait_until(
        lambda: title in cms.get(entry_url.removeprefix(cms.url)),
        100,
        "la page web publiée à l'heure dite",
    )
    assert datetime.now(PARIS) >= go_live
    assert title in cms.get("/api/v2/entries/?limit=100")
    wait_until(lambda: title in cms.static_page(slug), 60, "le site statique suit")
    dominique.close()
