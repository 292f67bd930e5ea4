"""Public downloads of the printable guide: the last good edition, never built here (the
worker rebuilds editions after each publication; see guide.follow)."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label

from .follow import serve_edition_or_queue
from .pdf.editions import DOWNLOAD_NAMES

# Seconds after which a resident's browser asks again for an edition being built.
RETRY_AFTER_SECONDS = 30


def _arrondissement(request):
    """The ?arrondissement=18 of a mairie d'arrondissement's own edition, or None."""
    raw = request.GET.get("arrondissement")
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        raise Http404("Arrondissement inconnu.") from None
    if number not in ARRONDISSEMENT_NUMBERS:
        raise Http404("Arrondissement inconnu.")
    return number


def _serve(request, edition, arrondissement=None):
    arrondissement = arrondissement or _arrondissement(request)
    record = serve_edition_or_queue(edition, arrondissement)
    if record is None:
        response = TemplateResponse(
            request,
            "pages/pdf_being_built.html",
            {"retry_after": RETRY_AFTER_SECONDS},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    path = Path(settings.MEDIA_ROOT) / record.file.name
    filename = DOWNLOAD_NAMES[edition]
    if arrondissement:
        filename = filename.replace(".pdf", f"-{arrondissement_label(arrondissement)}.pdf")
    # Inline: opened in the browser's viewer rather than saved straight away.
    response = FileResponse(path.open("rb"), content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


def guide_pdf(request):
    return _serve(request, "screen")


def guide_print_pdf(request):
    return _serve(request, "print")


def arrondissement_pdf(request, number):
    if number not in ARRONDISSEMENT_NUMBERS:
        raise Http404("Arrondissement inconnu.")
    return _serve(request, "screen", number)
