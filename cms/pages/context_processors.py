"""What every public page shows around its content: menu, footer, accessibility status."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cms.consultations.models import Consultation
from cms.core.static_export import is_static_export
from cms.entries.published import memo
from cms.entries.published import sections as published_sections

from .loading import ACCESSIBILITY_SLUG, LEGAL_SLUG
from .models import AccessibilityStatus, ParticipezPage, StandardPage
from .reports import report_url

# Short menu labels; the sections' full titles are too long for a menu bar.
NAV_LABELS = {
    "acteurs": "Acteurs",
    "outils": "Outils",
    "plateformes-numeriques": "Plateformes numériques",
    "formations": "Formations",
    "interlocuteurs": "Interlocuteurs",
}


def _chrome():
    guide = ParticipezPage.objects.live().first()
    pages = {page.slug: page for page in StandardPage.objects.live().public()}
    return {
        "guide": guide,
        "home_url": guide.url if guide else "/",
        "sections": published_sections(),
        "nav": [
            (NAV_LABELS.get(section.slug, section.title), section.get_url_path())
            for section in published_sections()
        ],
        "accessibility_status": guide.accessibility_status if guide else AccessibilityStatus.NONE,
        "accessibility_page": pages.get(ACCESSIBILITY_SLUG),
        "legal_page": pages.get(LEGAL_SLUG),
        # Served by guide/ (named URLs: the pages never import the publishing side).
        "pdf_screen": reverse("guide:guide_pdf"),
        "pdf_print": reverse("guide:guide_print_pdf"),
    }


def open_consultations(static_export=False):
    """The consultations residents can answer now (`Consultation.objects.open()`).

    Their form needs the application: on the static site they link to the consultation's
    static page, which links to the form (cms.consultations.views.static_page).
    """
    # Once per content snapshot: every page of a publish shows them in its footer.
    return memo(
        ("open_consultations", static_export),
        lambda: [
            {
                "title": consultation.title,
                "url": consultation.get_url_path(),
                "closes_at": consultation.closes_at,
                "on_application": static_export,
            }
            for consultation in Consultation.objects.open()
        ],
    )


def site_chrome(request):
    static_export = is_static_export(request)
    consultations = SimpleLazyObject(lambda: open_consultations(static_export))

    def footer_consultations():
        # What the shared footer shows that changes with time, not with a publication:
        # the consultations open now ({% once %} in base.html varies on it).
        return repr(
            [(consultation["title"], consultation["url"]) for consultation in consultations]
        )

    return {
        "chrome": SimpleLazyObject(lambda: memo("chrome", _chrome)),
        "open_consultations": consultations,
        "footer_consultations": footer_consultations,
        # Set by the publisher: the page is written to the static site, where forms
        # cannot reach a server and JavaScript does the searching.
        "static_export": static_export,
        # The live form's absolute address, also from the static site (cms.pages.reports).
        "report_url": SimpleLazyObject(lambda: report_url(request)),
    }
