"""Publishing follows the content: publications queue one debounced site publish and the PDF
rebuilds; the admin says whether each output is up to date; dead workers leave nothing."""

import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from cms.consultations.factories import ConsultationFactory
from cms.entries.factories import EntryFactory
from cms.ops.models import WorkerHeartbeat
from cms.ops.worker import requeue_stale_tasks
from guide import follow, publish
from guide.models import PrintEdition, PublishRun, RunStatus
from guide.pdf import build
from guide.pdf.build import partial_path
from guide.pdf.typeset import RenderResult
from guide.publish import PublishError, search_index
from guide.tasks import build_search_task, enqueue_pdf, publish_site_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def following(settings, database_queue, tmp_path):
    """Publications followed into a database queue (nothing runs until a worker does)."""
    # A transactional test earlier in the run may have flushed and recreated the content
    # types: log entries written with cached, stale ids would not count as changes.
    ContentType.objects.clear_cache()
    settings.PUBLISH_FOLLOWS_CONTENT = True
    settings.PUBLISH_DEBOUNCE_SECONDS = 10
    settings.PUBLISH_OUTPUT_DIR = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_render(monkeypatch):
    """A two-byte-fast renderer: these tests are about records and files, not typesetting."""

    def render(options, target, draft=None):
        target.write_bytes(b"%PDF-1.7 " + options.edition.encode() + b"\n%%EOF\n")
        return RenderResult(page_count=3, size_bytes=target.stat().st_size)

    monkeypatch.setattr(build, "render_pdf", render)


def make_due():
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))


def test_publishing_an_entry_queues_one_debounced_publish_and_one_pdf_build(
    following, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = EntryFactory(title="Conseil de quartier")
    with django_capture_on_commit_callbacks(execute=True):
        for title in ["Conseil de quartier (1)", "Conseil de quartier (2)"]:
            entry.title = title
            entry.save_revision().publish()

    assert PublishRun.objects.filter(status=RunStatus.PENDING).count() == 1
    assert sorted(
        PrintEdition.objects.filter(status=RunStatus.PENDING).values_list("edition", flat=True)
    ) == ["print", "screen"]
    tasks = DBTaskResult.objects.all()
    # The site publish, and one build of both editions (one process for the two).
    assert tasks.count() == 2
    # Nothing runs before the debounce delay: a burst of edits gives one run.
    assert not DBTaskResult.objects.ready().exists()
    assert all(task.run_after > timezone.now() for task in tasks)


def test_unpublishing_and_deleting_are_followed_too(following, django_capture_on_commit_callbacks):
    entry = EntryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        entry.get_latest_revision().publish()  # nothing queued yet: follow is per action
    PublishRun.objects.all().delete()
    PrintEdition.objects.all().delete()
    DBTaskResult.objects.all().delete()

    from wagtail.actions.unpublish import UnpublishAction

    with django_capture_on_commit_callbacks(execute=True):
        UnpublishAction(entry).execute()
    assert PublishRun.objects.filter(status=RunStatus.PENDING).count() == 1
    assert follow.site_status().changes >= 1


def test_a_consultation_publishes_the_site_but_leaves_the_pdfs(
    following, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory()
    assert PublishRun.objects.filter(status=RunStatus.PENDING).count() == 1
    assert not PrintEdition.objects.exists()


def test_the_status_says_late_then_up_to_date(following, monkeypatch, settings, admin_client):
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)
    EntryFactory()
    EntryFactory()
    status = follow.site_status()
    assert status.state == "never"

    publish.publish_site(settings.PUBLISH_OUTPUT_DIR)
    assert follow.site_status().state == "up_to_date"

    entry = EntryFactory()
    entry.title = "Nouveau titre"
    entry.save_revision().publish()
    status = follow.site_status()
    assert status.state == "late"
    assert status.state_label == "En retard de 2 modifications"

    page = admin_client.get("/admin/").content.decode()
    assert "Site public et guides PDF" in page
    assert "En retard de 2 modifications" in page
    assert "Jamais construit" in page


def test_a_failed_publish_shows_its_french_reason(following, monkeypatch, settings, admin_client):
    from cms.pages import views

    real_paths = views.public_paths
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)
    monkeypatch.setattr(
        views, "public_paths", lambda entries=None: [*real_paths(entries), "/participez/disparue/"]
    )
    EntryFactory()
    publish.publish_site(settings.PUBLISH_OUTPUT_DIR)

    status = follow.site_status()
    assert status.state == "failed"
    assert status.detail == "La page /participez/disparue/ répond 404."
    page = admin_client.get("/admin/publier-le-site/").content.decode()
    assert "Échec de la dernière publication" in page
    assert "/participez/disparue/ répond 404." in page


def test_a_worker_killed_during_a_pdf_build_leaves_one_finished_edition(
    following, fake_render, settings, run_worker
):
    EntryFactory()
    enqueue_pdf("print")
    # What a worker killed in the middle of the build leaves behind: its task claimed,
    # its edition "running" and a partial file.
    task = DBTaskResult.objects.ready().get()
    task.claim("worker-a")
    WorkerHeartbeat.objects.create(
        worker_id="worker-a", last_seen=timezone.now() - timedelta(minutes=10)
    )
    record = PrintEdition.objects.get()
    record.status = RunStatus.RUNNING
    record.save()
    partial = partial_path(record)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"%PDF-1.7 half")

    run_worker("worker-b")

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    edition = PrintEdition.objects.get()
    assert edition.status == RunStatus.SUCCESS
    assert (settings.MEDIA_ROOT / edition.file.name).read_bytes().startswith(b"%PDF")
    assert not partial.exists()
    assert not list((settings.MEDIA_ROOT / "guides").glob(".partial-*"))
    assert follow.edition_status("print").state == "up_to_date"


def test_a_pdf_task_given_up_marks_its_edition_failed_in_french(following, settings):
    settings.WORKER_MAX_ATTEMPTS = 1
    enqueue_pdf("screen")
    task = DBTaskResult.objects.ready().get()
    task.claim("worker-a")
    record = PrintEdition.objects.get()
    record.status = RunStatus.RUNNING
    record.save()

    assert requeue_stale_tasks() == (0, 1)

    record.refresh_from_db()
    assert record.status == RunStatus.FAILED
    assert "s'est arrêté" in record.error
    assert follow.edition_status("screen").state == "failed"


def test_downloads_serve_the_last_good_pdf_while_a_new_one_waits(
    following, fake_render, client, django_capture_on_commit_callbacks, run_worker
):
    response = client.get("/participez/guide.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "en préparation" in response.content.decode()
    assert PrintEdition.objects.filter(status=RunStatus.PENDING, edition="screen").exists()

    make_due()
    run_worker()
    first = client.get("/participez/guide.pdf")
    assert first.status_code == 200
    old_bytes = b"".join(first.streaming_content)

    with django_capture_on_commit_callbacks(execute=True):
        EntryFactory(title="Une entrée de plus")
    again = client.get("/participez/guide.pdf")
    assert again.status_code == 200
    assert b"".join(again.streaming_content) == old_bytes
    assert PrintEdition.objects.filter(status=RunStatus.PENDING, edition="screen").count() == 1


def test_editors_rebuild_an_edition_from_the_listing(
    following, fake_render, admin_client, run_worker
):
    enqueue_pdf("print")
    make_due()
    run_worker()
    edition = PrintEdition.objects.get()

    listing = admin_client.get("/admin/guide/printedition/").content.decode()
    assert "Impression (A5, CMJN)" in listing
    assert "Tout Paris" in listing
    assert f"/admin/guide/pdf-editions/{edition.pk}/rebuild/" in listing
    assert "Reconstruire" in listing

    confirm = admin_client.get(f"/admin/guide/pdf-editions/{edition.pk}/rebuild/")
    assert "la précédente" in confirm.content.decode() or "reste téléchargeable" in (
        confirm.content.decode()
    )
    response = admin_client.post(f"/admin/guide/pdf-editions/{edition.pk}/rebuild/")
    assert response.status_code == 302
    assert PrintEdition.objects.filter(status=RunStatus.PENDING, edition="print").count() == 1
    make_due()
    run_worker()
    # Forced: a second edition although the content did not change.
    assert PrintEdition.objects.filter(status=RunStatus.SUCCESS, edition="print").count() == 2


def test_an_arrondissement_edition_built_on_demand_reaches_the_static_site(
    following, fake_render, client, run_worker
):
    # The 18e page offers its own edition; asked for before it exists, it is queued...
    assert client.get("/participez/guide-arrondissement-18.pdf").status_code == 503
    make_due()
    run_worker()
    assert client.get("/participez/guide-arrondissement-18.pdf").status_code == 200
    # ...and once built, a publish is queued so the static site carries it too.
    assert PublishRun.objects.filter(status=RunStatus.PENDING).count() == 1


def editions_by_state(state):
    return sorted(
        PrintEdition.objects.filter(status=state).values_list("edition", "arrondissement"),
        key=lambda key: (key[1] or 0, key[0]),
    )


def test_an_edit_in_one_arrondissement_rebuilds_only_the_editions_that_print_it(
    following, fake_render, run_worker, django_capture_on_commit_callbacks
):
    EntryFactory(title="Budget participatif")  # citywide: in every edition
    local = EntryFactory(title="Conseil de quartier Javel", citywide=False)
    local.arrondissements.set([15])
    local.save_revision().publish()
    call_command("build_editions", stdout=StringIO())
    built = PrintEdition.objects.filter(status=RunStatus.SUCCESS)
    assert built.count() == 22  # Paris print and screen, the 20 arrondissements
    before = dict(built.values_list("arrondissement", "pk").filter(edition="screen"))

    with django_capture_on_commit_callbacks(execute=True):
        local.title = "Conseil de quartier Javel-Grenelle"
        local.save_revision().publish()

    # Waiting: the Paris-wide editions and the 15e's, not the 3e's.
    assert editions_by_state(RunStatus.PENDING) == [
        ("print", None),
        ("screen", None),
        ("screen", 15),
    ]
    assert follow.edition_status("screen", 3).state_label == "À jour"
    assert follow.edition_status("screen", 15).state == "late"
    assert follow.edition_status("print").state == "late"
    pdf_tasks = DBTaskResult.objects.filter(task_path__endswith="build_editions_task")
    assert pdf_tasks.count() == 1

    make_due()
    run_worker()

    assert not PrintEdition.objects.filter(
        status__in=[RunStatus.PENDING, RunStatus.RUNNING, RunStatus.FAILED]
    ).exists()
    after = dict(
        PrintEdition.objects.filter(status=RunStatus.SUCCESS, edition="screen")
        .order_by("created_at")
        .values_list("arrondissement", "pk")
    )
    rebuilt = sorted((number or 0) for number in after if after[number] != before[number])
    assert rebuilt == [0, 15]
    for number in (None, 3, 15):
        assert follow.edition_status("screen", number).state_label == "À jour"
    # The new Paris-wide and 15e files reach the static site: one publish is queued.
    assert PublishRun.objects.filter(status=RunStatus.PENDING).count() == 1


def test_a_download_after_an_edit_elsewhere_serves_the_edition_without_rebuilding(
    following, fake_render, client, django_capture_on_commit_callbacks
):
    local = EntryFactory(title="Conseil de quartier Javel", citywide=False)
    local.arrondissements.set([15])
    local.save_revision().publish()
    call_command("build_editions", stdout=StringIO())
    local.title = "Conseil de quartier Javel-Grenelle"
    local.save_revision().publish()  # not followed here: only the download could queue

    assert client.get("/participez/guide-arrondissement-3.pdf").status_code == 200
    assert not PrintEdition.objects.filter(status=RunStatus.PENDING).exists()
    assert client.get("/participez/guide-arrondissement-15.pdf").status_code == 200
    assert editions_by_state(RunStatus.PENDING) == [("screen", 15)]


def test_the_search_follows_the_publish_and_a_failed_one_keeps_the_former(
    following, monkeypatch, settings
):
    monkeypatch.setattr(publish, "_add_pdfs", lambda build: None)
    EntryFactory()
    out = Path(settings.PUBLISH_OUTPUT_DIR)
    publish_site_task.call(out_dir=str(out))
    # The pages are out; the search is the worker's next task.
    assert (out / "index.html").is_file()
    assert not (out / "pagefind").exists()
    queued = DBTaskResult.objects.filter(task_path__endswith="build_search_task")
    assert queued.count() == 1
    run = PublishRun.objects.get()
    build_search_task.call(**queued.get().args_kwargs["kwargs"])
    bundle = out / "pagefind" / "pagefind.js"
    assert bundle.is_file()
    assert follow.site_status().state == "up_to_date"
    former = bundle.read_bytes()

    def failing(site, output):
        return [sys.executable, "-c", "import sys; sys.exit('Pagefind : disque plein')"]

    monkeypatch.setattr(search_index, "pagefind_command", failing)
    EntryFactory(title="Conseil des enfants")
    publish_site_task.call(out_dir=str(out))
    run = PublishRun.objects.exclude(pk=run.pk).get()
    with pytest.raises(PublishError):
        build_search_task.call(out_dir=str(out), run_id=run.pk)
    # Residents keep searching the former pages; editors see why it failed.
    assert bundle.read_bytes() == former
    status = follow.site_status()
    assert (status.state, status.state_label) == ("failed", "Échec de la recherche du site")
    assert "disque plein" in status.detail
    run.refresh_from_db()
    assert "Index de recherche non reconstruit" in run.error
