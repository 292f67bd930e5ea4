"""HTML + CSS paged media → PDF with WeasyPrint, for the print and screen editions.

*print*: A5 trim, 3 mm bleed, every colour in device-cmyk() with a FOGRA39 output intent
(PDF/X-4), page count padded to a multiple of four for saddle stitching, optional crop
marks. *screen*: no bleed, RGB, tagged (PDF/UA-1), bookmarks and clickable links.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from cms.entries.published import content_snapshot

from . import typeset
from .conditions import ICC_REGISTRY, output_condition, static_print_dir
from .context import build_context
from .editions import EDITIONS
from .images import cmyk_dir
from .typeset import BLEED_MM

PAPERS = {"a5": (148, 210), "a4": (210, 297)}
NOTE_LINES = 22


@dataclass(frozen=True)
class PdfOptions:
    edition: str = "print"
    paper: str = "a5"
    arrondissement: int | None = None
    marks: bool = False

    def __post_init__(self):
        if self.edition not in EDITIONS:
            raise ValueError(f"Unknown edition {self.edition!r}: expected one of {EDITIONS}.")
        if self.paper not in PAPERS:
            raise ValueError(f"Unknown paper {self.paper!r}: expected one of {tuple(PAPERS)}.")
        if self.marks and self.edition != "print":
            raise ValueError("Crop marks only make sense on the print edition.")

    @property
    def is_print(self):
        return self.edition == "print"

    @property
    def variant(self):
        return "pdf/x-4" if self.is_print else "pdf/ua-1"

    def slug(self):
        parts = [self.edition, self.paper]
        if self.arrondissement:
            parts.append(f"{self.arrondissement:02d}e")
        if self.marks:
            parts.append("traits")
        return "-".join(parts)


def page_css(options):
    """The rules that depend on the options: the sheet size, its bleed and, on paper, the
    CMYK profile of the output condition (which is what makes the output intent)."""
    width, height = PAPERS[options.paper]
    bleed = f"bleed: {BLEED_MM}mm;" if options.is_print else "bleed: 0;"
    css = f"@page {{ size: {width}mm {height}mm; {bleed} }}"
    if options.is_print:
        profile = output_condition().profile
        css += (
            f"\n@color-profile device-cmyk {{ src: url({profile}); "
            "components: cyan, magenta, yellow, black; }"
        )
    return css


def render_html(options, draft=None):
    context = build_context(options.edition, options.paper, options.arrondissement, draft=draft)
    context["fillers"] = options.is_print
    context["note_lines"] = range(NOTE_LINES)
    # The PDF's creation and modification dates (PDF/UA and PDF/X want both): this file
    # is made now, from the content published at this moment.
    context["document_date"] = timezone.now().replace(microsecond=0).isoformat()
    return render_to_string("print/guide.html", context)


def allowed_dirs():
    """The folders the renderer may read: static/ for our assets, MEDIA_ROOT's original
    images for the frame's logo, cover image and pictograms that editors upload, and
    their CMYK copies."""
    return (
        str(Path(settings.BASE_DIR) / "static"),
        str(Path(settings.MEDIA_ROOT) / "original_images"),
        str(cmyk_dir()),
    )


def asset_fetcher():
    """The renderer's URL fetcher for the current settings (typeset.asset_fetcher)."""
    return typeset.asset_fetcher(allowed_dirs())


def typeset_job(options, target, draft=None):
    """What typeset.typeset() needs to write the PDF of `options` to `target`, read from
    the content and the settings here: the typesetting itself needs no Django."""
    output_intent = None
    if options.is_print:
        condition = output_condition()
        output_intent = (condition.identifier, condition.info, ICC_REGISTRY)
    return typeset.Job(
        html=render_html(options, draft),
        target=str(target),
        base_dir=str(static_print_dir()),
        palette="palette-cmyk.css" if options.is_print else "palette-rgb.css",
        page_css=page_css(options),
        allowed_dirs=allowed_dirs(),
        variant=options.variant,
        is_print=options.is_print,
        marks=options.marks,
        output_intent=output_intent,
    )


def render_editions(jobs):
    """Render several editions of the same content in one process: [(options, target)].

    The published content is read once (a content snapshot) and the stylesheets, fonts
    and ICC profile are parsed once (typeset.styles_for); each edition only pays for its layout
    and its file.
    """
    with content_snapshot():
        return [render_pdf(options, target) for options, target in jobs]


def render_pdf(options, target, draft=None):
    """Write the PDF of `options` to `target` (a path); `draft` replaces its published entry."""
    return typeset.typeset(typeset_job(options, target, draft))
