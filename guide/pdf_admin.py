"""Admin for the printable guide: past editions (wagtail-modeladmin) and the PDF preview of
an entry's draft. Imported from GuideConfig.ready(); it sits above guide.pdf and guide.tasks
(it queues rebuilds), so it lives beside guide/wagtail_hooks.py rather than inside guide/pdf/."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from wagtail import hooks
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from cms.core.admin import ReadOnlyPermissionHelper
from cms.core.arrondissements import arrondissement_label
from cms.entries.models import Entry
from guide.models import PrintEdition, RunStatus
from guide.pdf.editions import EDITION_LABELS, EDITIONS
from guide.pdf.imprint import imprint_warnings
from guide.pdf.render import PdfOptions, render_pdf
from guide.tasks import enqueue_pdf


class PrintEditionAdmin(ModelAdmin):
    """Every PDF built from the published guide, newest first, with its download link and
    a "Reconstruire" action; short columns so the table fits 1280 px."""

    model = PrintEdition
    menu_label = "Éditions PDF du guide"
    menu_icon = "doc-full"
    menu_order = 120
    add_to_settings_menu = False
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = [
        "built_on",
        "edition_label",
        "arrondissement_label",
        "status_label",
        "pages",
        "built_by_label",
        "file_actions",
    ]
    # No filter sidebar: at 1280 px it covers the table; the state is a column.
    list_filter = []
    search_fields = ["fingerprint"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_preview=False).select_related("built_by")

    def index_view(self, request):
        # What the print edition still lacks before it goes to the printer, said where
        # editions are rebuilt and downloaded.
        for warning in imprint_warnings():
            messages.warning(request, f"Édition imprimée : {warning}")
        return super().index_view(request)

    @admin.display(description="Date", ordering="created_at")
    def built_on(self, obj):
        return format_html(
            '<span style="white-space: nowrap">{}</span>',
            date_format(localtime(obj.created_at), "d/m/Y H:i"),
        )

    @admin.display(description="Édition")
    def edition_label(self, obj):
        label = EDITION_LABELS.get(obj.edition, obj.edition)
        if obj.marks:
            label += ", traits de coupe"
        if not obj.fingerprint:
            return format_html('<span style="white-space: nowrap">{}</span>', label)
        return format_html(
            '<span style="white-space: nowrap">{}</span><br><small>contenu {}</small>',
            label,
            obj.fingerprint,
        )

    @admin.display(description="Arrondissement")
    def arrondissement_label(self, obj):
        return arrondissement_label(obj.arrondissement) if obj.arrondissement else "Tout Paris"

    @admin.display(description="État")
    def status_label(self, obj):
        if obj.status == RunStatus.FAILED and obj.error:
            return format_html("{}<br><small>{}</small>", obj.get_status_display(), obj.error[:160])
        return format_html('<span style="white-space: nowrap">{}</span>', obj.get_status_display())

    @admin.display(description="Pages", ordering="page_count")
    def pages(self, obj):
        return obj.page_count if obj.page_count else "—"

    @admin.display(description="Par")
    def built_by_label(self, obj):
        # Editions rebuilt after a publication have no user: the worker made them.
        name = (
            (obj.built_by.get_full_name() or obj.built_by.get_username())
            if obj.built_by
            else "automatique"
        )
        return format_html('<span style="white-space: nowrap">{}</span>', name)

    @admin.display(description="Fichier")
    def file_actions(self, obj):
        # Download and rebuild share one column: eight columns fit 1280 px, nine did not.
        rebuild = format_html(
            '<a class="button button-small button-secondary" href="{}">Reconstruire</a>',
            reverse("guide_pdf_edition_rebuild", args=[obj.pk]),
        )
        if not obj.file or obj.status != RunStatus.SUCCESS:
            return rebuild
        return format_html(
            '<a href="{}" style="white-space: nowrap">Télécharger ({} Ko)</a><br>{}',
            reverse("guide_pdf_edition_download", args=[obj.pk]),
            obj.size_bytes // 1024,
            rebuild,
        )


modeladmin_register(PrintEditionAdmin)


# --- PDF preview of a draft ------------------------------------------------------------


def entry_pdf_preview(request, pk):
    """The whole screen edition with this entry's latest revision in place of its published
    version. Nothing is published or recorded: the file is built in a temporary folder."""
    entry = get_object_or_404(Entry, pk=pk)
    if not request.user.has_perm("entries.change_entry"):
        raise PermissionDenied
    revision = entry.latest_revision
    if revision is None:
        raise Http404("Cette entrée n'a pas encore de brouillon enregistré.")
    draft = revision.as_object()
    edition = request.GET.get("edition", "screen")
    if edition not in EDITIONS:
        raise Http404("Édition inconnue.")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "apercu.pdf"
        render_pdf(PdfOptions(edition=edition), target, draft=draft)
        data = target.read_bytes()
    response = FileResponse(
        iter([data]), content_type="application/pdf", filename=f"apercu-{entry.slug}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="apercu-{entry.slug}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def edition_rebuild(request, pk):
    """Queue a fresh build of the same edition (even if the content did not change): asked
    for on a GET page, done on POST, the listing then shows it pending."""
    if not request.user.has_perm("guide.add_printedition"):
        raise PermissionDenied
    edition = get_object_or_404(PrintEdition, pk=pk)
    if request.method == "POST":
        enqueue_pdf(edition.edition, edition.arrondissement, user=request.user, force=True)
        messages.success(
            request,
            f"Reconstruction de l'édition « {EDITION_LABELS.get(edition.edition, edition.edition)} » "
            "demandée : elle se fait en arrière-plan, la précédente reste servie d'ici là.",
        )
        return redirect("guide_printedition_modeladmin_index")
    return TemplateResponse(
        request,
        "guide/admin/rebuild_confirm.html",
        {"edition": edition, "label": EDITION_LABELS.get(edition.edition, edition.edition)},
    )


def edition_download(request, pk):
    """Served through the admin: media files are not public in every deployment."""
    edition = get_object_or_404(PrintEdition, pk=pk, status=RunStatus.SUCCESS)
    if not edition.file:
        raise Http404("Ce PDF n'a pas de fichier.")
    path = Path(settings.MEDIA_ROOT) / edition.file.name
    if not path.exists():
        raise Http404("Le fichier de cette édition a été supprimé.")
    name = f"guide-{edition.edition}-{edition.created_at:%Y%m%d-%H%M}-{edition.fingerprint[:8]}.pdf"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@hooks.register("register_admin_urls")
def register_pdf_admin_urls():
    return [
        path(
            "guide/pdf-preview/entry/<int:pk>/",
            entry_pdf_preview,
            name="guide_pdf_preview_entry",
        ),
        path(
            "guide/pdf-editions/<int:pk>/rebuild/",
            edition_rebuild,
            name="guide_pdf_edition_rebuild",
        ),
        path(
            "guide/pdf-editions/<int:pk>/download/",
            edition_download,
            name="guide_pdf_edition_download",
        ),
    ]


class PdfPreviewMenuItem(ActionMenuItem):
    name = "action-pdf-preview"
    label = "Aperçu du guide PDF (dernier brouillon enregistré)"
    icon_name = "doc-full"
    order = 90

    def is_shown(self, context):
        return context.get("view") == "edit" and context.get("instance") is not None

    def get_url(self, parent_context):
        return reverse("guide_pdf_preview_entry", args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def register_pdf_preview_menu_item(model):
    if model is Entry:
        return PdfPreviewMenuItem()
    return None
