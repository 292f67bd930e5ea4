"""Publishing follows the content: every publication, unpublication or deletion an editor
makes (or a scheduled one) queues a static-site publish and the PDF rebuilds, and the
admin can tell whether each output is up to date, late, running or failed.

Wagtail writes a log entry for each of those actions, on pages and on snippets alike:
that log is both the trigger and the count of changes an output has not caught up with.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import ModelLogEntry, PageLogEntry

from guide.models import PrintEdition, PublishRun, RunStatus
from guide.pdf.build import PdfOptions, edition_fingerprint, latest_edition
from guide.pdf.editions import DEFAULT_EDITIONS
from guide.publish.search_index import read_state as search_state
from guide.tasks import default_site_dir, queue_followups, queue_pdf_rebuild

FOLLOWED_ACTIONS = {
    "wagtail.publish",
    "wagtail.publish.scheduled",
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.delete",
}
# Apps whose content the static site shows (entries, pages, consultations) and the PDF
# shows (entries, sections and the guide's frame, all in cms.entries).
SITE_APPS = ("entries", "pages", "consultations")
PDF_APPS = ("entries",)
EDITION_LABELS = {"print": "Guide PDF — impression", "screen": "Guide PDF — écran"}


@receiver(post_save, sender=ModelLogEntry)
@receiver(post_save, sender=PageLogEntry)
def follow_publication(sender, instance, created, **kwargs):
    if not created or not settings.PUBLISH_FOLLOWS_CONTENT:
        return
    if instance.action not in FOLLOWED_ACTIONS:
        return
    app = instance.content_type.app_label if instance.content_type_id else None
    if app not in SITE_APPS:
        return
    user = instance.user
    transaction.on_commit(lambda: queue_followups(site=True, pdfs=app in PDF_APPS, user=user))


def changes_since(moment, apps):
    """How many publications, unpublications and deletions were made in `apps` after
    `moment` (all of them if None)."""
    total = 0
    for model in (ModelLogEntry, PageLogEntry):
        entries = model.objects.filter(
            action__in=FOLLOWED_ACTIONS, content_type__app_label__in=apps
        )
        if moment is not None:
            entries = entries.filter(timestamp__gt=moment)
        total += entries.count()
    return total


def last_change_at(apps):
    moments = [
        model.objects.filter(action__in=FOLLOWED_ACTIONS, content_type__app_label__in=apps)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
        for model in (ModelLogEntry, PageLogEntry)
    ]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def french_reason(error):
    """The last line of a recorded error, without the exception's dotted class path."""
    lines = [line.strip() for line in (error or "").strip().splitlines() if line.strip()]
    if not lines:
        return "raison inconnue"
    last = lines[-1]
    head, separator, message = last.partition(": ")
    if separator and "." in head and " " not in head:
        return message
    return last


def person(user):
    if user is None:
        return "une commande ou la publication automatique"
    return user.get_full_name() or user.get_username()


@dataclass
class OutputStatus:
    """One public output (the static site, a PDF edition) as the admin describes it."""

    label: str
    state: str  # up_to_date | late | pending | running | failed | never
    state_label: str
    detail: str = ""
    progress: int | None = None
    last_by: str = ""
    last_at: object = None
    where: str = ""
    changes: int = 0
    records: list = field(default_factory=list)

    @property
    def is_ok(self):
        return self.state == "up_to_date"


def _late_label(changes):
    return f"En retard de {changes} modification{'s' if changes > 1 else ''}"


def site_status():
    out_dir = default_site_dir()
    folders = {out_dir, str(Path(out_dir).resolve())}
    runs = PublishRun.objects.filter(output_dir__in=folders).select_related("user")
    running = runs.filter(status=RunStatus.RUNNING).first()
    pending = runs.filter(status=RunStatus.PENDING).exists()
    last_finished = runs.exclude(finished_at=None).first()
    last_success = runs.filter(status=RunStatus.SUCCESS).first()
    changes = changes_since(last_success.started_at if last_success else None, SITE_APPS)
    status = OutputStatus("Site public (statique)", "up_to_date", "À jour", where=out_dir)
    if last_success:
        status.last_by = person(last_success.user)
        status.last_at = last_success.finished_at
    status.changes = changes
    if running:
        status.state, status.state_label = "running", "Publication en cours"
        status.progress = running.progress
    elif last_finished and last_finished.status == RunStatus.FAILED:
        status.state, status.state_label = "failed", "Échec de la dernière publication"
        status.detail = french_reason(last_finished.error)
    elif last_success is None:
        status.state, status.state_label = "never", "Jamais publié"
    elif search_state(out_dir).get("status") == "failed":
        # The pages are out, the search still answers from the former pages.
        status.state, status.state_label = "failed", "Échec de la recherche du site"
        status.detail = french_reason(search_state(out_dir).get("error"))
    elif changes:
        status.state, status.state_label = "late", _late_label(changes)
    if pending and status.state != "running":
        status.detail = " ".join(
            filter(None, [status.detail, "Une publication est prévue dans un instant."])
        )
    return status


def edition_status(edition, arrondissement=None):
    label = EDITION_LABELS.get(edition, edition)
    records = PrintEdition.objects.filter(
        edition=edition, arrondissement=arrondissement, marks=False, is_preview=False
    ).select_related("built_by")
    running = records.filter(status=RunStatus.RUNNING).first()
    pending = records.filter(status=RunStatus.PENDING).exists()
    last = records.exclude(status__in=[RunStatus.PENDING, RunStatus.RUNNING]).first()
    good = latest_edition(edition, arrondissement)
    changes = 0
    current = edition_fingerprint(PdfOptions(edition, arrondissement=arrondissement))
    if good is not None and good.fingerprint != current:
        # Its own content version differs: something it prints changed. The count is of
        # every publication since (the log does not say which edition shows what); a
        # change it does not print (another arrondissement's entry) leaves it up to date.
        changes = max(1, changes_since(good.created_at, PDF_APPS))
    status = OutputStatus(label, "up_to_date", "À jour", changes=changes)
    if good:
        status.last_by = person(good.built_by)
        status.last_at = good.created_at
        status.where = good.file.name
    if running:
        status.state, status.state_label = "running", "Construction en cours"
    elif last and last.status == RunStatus.FAILED and (good is None or last.pk != good.pk):
        status.state, status.state_label = "failed", "Échec de la dernière construction"
        status.detail = french_reason(last.error)
    elif good is None:
        status.state, status.state_label = "never", "Jamais construit"
    elif changes:
        status.state, status.state_label = "late", _late_label(changes)
    if pending and status.state != "running":
        status.detail = " ".join(
            filter(None, [status.detail, "Une reconstruction est prévue dans un instant."])
        )
    return status


def output_statuses():
    return [site_status(), *(edition_status(edition) for edition in DEFAULT_EDITIONS)]


def serve_edition_or_queue(edition, arrondissement=None):
    """The last good PDF of an edition for a download, queuing a rebuild in the background
    when content it shows was published since (or when none exists yet)."""
    good = latest_edition(edition, arrondissement)
    changed = last_change_at(PDF_APPS)
    # The log is the cheap test; the edition's own content version the exact one (an
    # edit in another arrondissement leaves this edition as it is).
    if good is None or (
        changed is not None
        and changed > good.created_at
        and good.fingerprint
        != edition_fingerprint(PdfOptions(edition, arrondissement=arrondissement))
    ):
        queue_pdf_rebuild(edition, arrondissement)
        # Only the immediate backend (the tests' setting) has built it at this point.
        good = good or latest_edition(edition, arrondissement)
    return good
