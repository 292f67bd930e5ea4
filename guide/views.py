"""Public downloads of the printable guide, built on first request after a publication."""

from django.http import FileResponse, Http404

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label

from .pdf import get_or_build_pdf

DOWNLOAD_NAMES = {
    "screen": "guide-participation-citoyenne-paris.pdf",
    "print": "guide-participation-citoyenne-paris-impression.pdf",
}


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


def _serve(request, edition):
    arrondissement = _arrondissement(request)
    path = get_or_build_pdf(edition=edition, arrondissement=arrondissement)
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
