"""What residents and editors see when something breaks: the database, a publish, a PDF."""

import hashlib

from django.db import OperationalError
from django.test import Client

import pytest

from cms.entries.models import Entry
from guide import publish
from guide.models import PrintEdition, PublishRun, RunStatus
from guide.tasks import enqueue_pdf, enqueue_publish

pytestmark = pytest.mark.django_db


def snapshot(directory):
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and not path.name.startswith(".publish.lock")
    }


@pytest.fixture
def no_pdfs(monkeypatch):
    # The PDF editions have tests of their own; a site without them is enough here.
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)


@pytest.fixture
def published_site(guide, no_pdfs, tmp_path):
    out_dir = tmp_path / "site"
    run = publish.publish_site(out_dir)
    assert run.status == RunStatus.SUCCESS, run.error
    assert (out_dir / "participez" / "index.html").exists()
    return out_dir


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Service momentanément indisponible" in text
    assert '<html lang="fr">' in text
    for leak in ("Traceback", "OperationalError", "Connection refused", "5432"):
        assert leak not in text


def test_database_down_gives_a_french_503_page_not_a_stack_trace(guide, database_down):
    client = Client(raise_request_exception=False)
    for path in ["/", "/participez/acteurs/", "/sitemap.xml"]:
        assert_outage_page(client.get(path))


def test_database_down_in_the_admin_gives_the_same_page(guide, admin_user, stop_database):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    stop_database()
    assert_outage_page(client.get("/admin/"))


def test_database_down_leaves_the_published_static_site_untouched(published_site, database_down):
    before = snapshot(published_site)
    client = Client(raise_request_exception=False)
    assert client.get("/participez/").status_code == 503
    # A publish attempted during the outage fails before touching a file.
    with pytest.raises(OperationalError):
        publish.publish_site(published_site)
    assert snapshot(published_site) == before


def test_failed_publish_is_recorded_and_the_previous_site_kept(published_site, monkeypatch):
    before = snapshot(published_site)
    from cms.pages import views

    real_paths = views.public_paths
    monkeypatch.setattr(
        views, "public_paths", lambda entries=None: [*real_paths(entries), "/participez/disparue/"]
    )

    run, result = enqueue_publish(out_dir=published_site)

    run.refresh_from_db()
    assert result.status == "FAILED"
    assert run.status == RunStatus.FAILED
    assert "/participez/disparue/ répond 404" in run.error
    assert snapshot(published_site) == before


def test_failed_pdf_is_recorded_and_the_previous_pdf_kept(guide, monkeypatch):
    good = enqueue_pdf("screen")
    assert good.status == "SUCCESSFUL"
    good_path = good.return_value["path"]
    with open(good_path, "rb") as handle:
        good_bytes = handle.read()
    assert good_bytes.startswith(b"%PDF")

    # New content, so a new build is needed; the renderer then breaks.
    entry = Entry.objects.get(slug="fonds-participation-habitants")
    entry.title = "Fonds de Participation des Habitant·e·s"
    entry.save_revision().publish()
    from guide.pdf import build

    def broken(*args, **kwargs):
        raise RuntimeError("police introuvable")

    monkeypatch.setattr(build, "render_pdf", broken)
    # The good build and the publication queue site publishes of their own; a failed build
    # must add none (the static site keeps linking the last good PDF).
    runs_before = PublishRun.objects.count()

    failed = enqueue_pdf("screen")

    assert failed.status == "FAILED"
    edition = PrintEdition.objects.filter(edition="screen").order_by("-created_at").first()
    assert edition.status == RunStatus.FAILED
    assert "police introuvable" in edition.error
    with open(good_path, "rb") as handle:
        assert handle.read() == good_bytes
    assert PublishRun.objects.count() == runs_before


def test_an_outage_outside_any_view_is_a_503_too(rf):
    # What handler500 receives when a middleware (sessions, redirects) hit the database.
    from cms.ops.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/participez/"))
    assert_outage_page(response)


def test_other_errors_stay_a_500(rf):
    from cms.ops.views import server_error

    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(rf.get("/participez/"))
    assert response.status_code == 500
    assert "bug" not in response.content.decode()
