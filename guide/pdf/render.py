"""HTML + CSS paged media → PDF with WeasyPrint, for the print and screen editions.

*print*: A5 trim, 3 mm bleed, every colour in device-cmyk() with a FOGRA39 output intent
(PDF/X-4), page count padded to a multiple of four for saddle stitching, optional crop
marks. *screen*: no bleed, RGB, tagged (PDF/UA-1), bookmarks and clickable links.
"""

import gc
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from cms.entries.published import content_snapshot

from .conditions import ICC_REGISTRY, output_condition, static_print_dir
from .context import build_context
from .editions import EDITIONS
from .images import cmyk_dir
from .tagging import finish_screen_edition

PAPERS = {"a5": (148, 210), "a4": (210, 297)}
BLEED_MM = 3
# Media added around the bleed when crop marks are asked for: the marks sit in it,
# outside the bleed, so trimming never leaves a mark on the page.
MARKS_MARGIN_MM = 10
# Pages that bring a booklet to a multiple of four, in the order they are kept (ids in
# templates/print/fillers.html): the template always lays out all three, one page each,
# before the back cover, and the renderer drops those not needed. Useful pages rather
# than blank ones; the rest of the layout does not move since they come last.
FILLER_IDS = ("votre-avis", "mes-contacts", "notes")
NOTE_LINES = 22
MM = 72 / 25.4


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


@dataclass
class RenderResult:
    page_count: int
    size_bytes: int


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


def name_output_condition(document, pdf):
    """WeasyPrint names the output intent after the profile's description; a print
    shop's preflight wants the registered condition and its registry instead."""
    import pydyf

    condition = output_condition()
    for intent in pdf.catalog.get("OutputIntents", []):
        intent["OutputConditionIdentifier"] = pydyf.String(condition.identifier)
        intent["OutputCondition"] = pydyf.String(condition.info)
        intent["RegistryName"] = pydyf.String(ICC_REGISTRY)
        intent["Info"] = pydyf.String(condition.info)


def render_html(options, draft=None):
    context = build_context(options.edition, options.paper, options.arrondissement, draft=draft)
    context["fillers"] = options.is_print
    context["note_lines"] = range(NOTE_LINES)
    # The PDF's creation and modification dates (PDF/UA and PDF/X want both): this file
    # is made now, from the content published at this moment.
    context["document_date"] = timezone.now().replace(microsecond=0).isoformat()
    return render_to_string("print/guide.html", context)


def asset_fetcher():
    """A URL fetcher limited to our own files under static/.

    The HTML carries editors' rich text: whatever it holds, the renderer must never read
    another local file nor reach the network.
    """
    from weasyprint.urls import URLFetcher

    def allowed():
        # static/ for our assets, MEDIA_ROOT's original images for the frame's logo, cover
        # image and pictograms that editors upload, and their CMYK copies. Read at each
        # fetch: the fetcher outlives a change of settings (it is cached with the styles).
        return (
            (Path(settings.BASE_DIR) / "static").resolve(),
            (Path(settings.MEDIA_ROOT) / "original_images").resolve(),
            cmyk_dir().resolve(),
        )

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed()):
                    return super().fetch(url, headers)
            raise ValueError(f"Resource outside static/ refused: {url}")

    return StaticOnlyFetcher(allowed_protocols=("file",))


@dataclass(frozen=True)
class Styles:
    stylesheets: list
    font_config: object
    color_profiles: dict
    fetcher: object


_styles_cache = {}


def styles_for(options):
    """Parsed stylesheets, loaded fonts and the parsed ICC profile for an edition.

    Parsing the CSS, loading the @font-face files and reading the ICC profile cost about
    as much as laying out a third of the guide; they are kept for the life of the process
    so that the editions built after one change (Paris, 20 arrondissements, screen) pay
    for them once. The key holds the files' modification times: an edited stylesheet is
    read again without a restart.
    """
    # Imported here: WeasyPrint loads Pango and fonts, which the admin and the web pages
    # importing this package should not pay for.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    base = static_print_dir()
    palette = "palette-cmyk.css" if options.is_print else "palette-rgb.css"
    extra = page_css(options)
    key = (
        palette,
        extra,
        (base / "guide.css").stat().st_mtime_ns,
        (base / palette).stat().st_mtime_ns,
    )
    styles = _styles_cache.get(key)
    if styles is None:
        font_config = FontConfiguration()
        fetcher = asset_fetcher()
        # Shared by every stylesheet so that @color-profile reaches the output intent.
        color_profiles = {}
        shared = {
            "font_config": font_config,
            "color_profiles": color_profiles,
            "url_fetcher": fetcher,
        }
        stylesheets = [
            CSS(filename=base / "guide.css", **shared),
            CSS(filename=base / palette, **shared),
            CSS(string=extra, base_url=str(base) + "/", **shared),
        ]
        styles = Styles(stylesheets, font_config, color_profiles, fetcher)
        if len(_styles_cache) >= 4:
            _styles_cache.clear()  # stale keys after edits: the memory stays flat
        _styles_cache[key] = styles
    return styles


# WeasyPrint's user-agent stylesheet gives *every* element a ::marker and five footnote
# and note pseudo-elements, each a computed style kept until the document is written:
# six styles per element, about 60 % of the styles of the 10x guide. The guide has no
# footnotes and only its list items carry markers: those rules are dropped or narrowed
# to `li` (a matching rule left unchanged by a WeasyPrint upgrade just costs memory).
UNIVERSAL_PSEUDO_RULES = re.compile(r"^::(footnote|note)-[\w-]+ \{[^}]*\}$", re.MULTILINE)
UNIVERSAL_MARKER_RULE = re.compile(r"^::marker \{", re.MULTILINE)


@cache
def guide_html_class():
    """weasyprint.HTML with the guide's lighter user-agent stylesheet."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    text = UNIVERSAL_PSEUDO_RULES.sub("", UA)
    text = UNIVERSAL_MARKER_RULE.sub("li::marker {", text)
    # Its own counter styles: the document gets WeasyPrint's (the same @counter-style
    # rules) through HTML._ua_counter_style.
    stylesheet = CSS(string=text, counter_style=CounterStyle())

    class GuideHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    lighter_layout()
    return GuideHTML


# The layout context of the document being laid out in this thread (see lighter_layout).
_layout = threading.local()


def lighter_layout():
    """Two things WeasyPrint keeps that the 10x guide paid for in peak memory.

    - The sommaire's page numbers are known once the entries are laid out, so WeasyPrint
      lays the guide out again (three more passes for the 10x guide), remaking the
      sommaire's pages each time. The pages it replaces are reference cycles, which
      Python frees only in a full collection, and a process holding Django and a layout
      seldom runs one: each pass added the sommaire's weight again (12 MB a pass for the
      10x guide). One collection before each further pass costs a fraction of a second.
    - The layout context (every element's cascaded and computed styles, the unpaginated
      box tree held by the target-counter lookups) outlives the layout because the SVG
      images keep it for drawing; release_layout_state drops what drawing never reads.

    Installed once, around WeasyPrint 70's pass function (weasyprint.layout's
    make_all_pages), which receives the context. The output does not change: the
    editions' text, fonts, page images and structure tree were compared before and after.
    """
    import weasyprint.layout as layout

    make_all_pages = layout.make_all_pages
    if getattr(make_all_pages, "lighter", False):
        return

    def make_all_pages_lighter(context, root_box, html, pages):
        _layout.context = context
        if pages:
            gc.collect()
        return make_all_pages(context, root_box, html, pages)

    make_all_pages_lighter.lighter = True
    layout.make_all_pages = make_all_pages_lighter


def release_layout_state():
    """Drop the layout-only state of the document just laid out in this thread.

    What an SVG image reads when it is drawn (image fetcher, fonts, hyphenation
    dictionaries) stays; the styles of the elements, the target-counter lookups and the
    pagination record are only read while laying out.
    """
    context = getattr(_layout, "context", None)
    _layout.context = None
    if context is not None:
        context.style_for = None
        context.target_collector = None
        context.page_maker = []


def render_document(options, draft=None):
    styles = styles_for(options)
    base = static_print_dir()
    html = guide_html_class()(
        string=render_html(options, draft), base_url=str(base) + "/", url_fetcher=styles.fetcher
    )
    try:
        document = html.render(
            stylesheets=styles.stylesheets,
            font_config=styles.font_config,
            color_profiles=styles.color_profiles,
            pdf_variant=options.variant,
        )
    finally:
        release_layout_state()
    if options.is_print:
        document = pad_to_multiple_of_four(document)
    return document


def pad_to_multiple_of_four(document):
    """Keep just enough of the filler pages for a saddle-stitched booklet."""
    fillers = [
        page for page in document.pages if any(anchor in page.anchors for anchor in FILLER_IDS)
    ]
    kept = [page for page in document.pages if page not in fillers]
    needed = -len(kept) % 4
    return document.copy([*kept[:-1], *fillers[:needed], kept[-1]])


def render_editions(jobs):
    """Render several editions of the same content in one process: [(options, target)].

    The published content is read once (a content snapshot) and the stylesheets, fonts
    and ICC profile are parsed once (styles_for); each edition only pays for its layout
    and its file.
    """
    with content_snapshot():
        return [render_pdf(options, target) for options, target in jobs]


def render_pdf(options, target, draft=None):
    """Write the PDF of `options` to `target` (a path); `draft` replaces its published entry."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    document = render_document(options, draft=draft)
    page_count = len(document.pages)
    write_options = {"pdf_variant": options.variant, "pdf_identifier": True}
    if options.is_print:
        write_options["dpi"] = 300
        finisher = name_output_condition
    else:
        write_options.update(dpi=150, optimize_images=True, jpeg_quality=85)
        finisher = finish_screen_edition
    write_options["finisher"] = releasing_pages(finisher)
    document.write_pdf(target, **write_options)
    if options.marks:
        add_crop_marks(target)
    return RenderResult(page_count=page_count, size_bytes=target.stat().st_size)


def releasing_pages(finisher):
    """`finisher`, then the laid-out pages dropped before the PDF is serialised.

    Once the finisher has run, everything the file needs is in WeasyPrint's PDF objects;
    the pages' boxes (60 MB for the 10x guide) would otherwise stay alive while
    write_pdf encodes and compresses those objects, which is the screen edition's peak
    (its structure tree is built last). They are reference cycles: collected here.
    """

    def finish(document, pdf):
        finisher(document, pdf)
        document.pages.clear()
        gc.collect()

    return finish


def add_crop_marks(path):
    """Widen the media beyond the bleed and draw registration-black crop marks there.

    WeasyPrint's own `marks` are drawn inside the bleed and in RGB; ours sit outside it
    and use all four inks, like the marks of a print shop's imposition software.
    """
    import pikepdf

    margin = MARKS_MARGIN_MM * MM
    gap = (BLEED_MM + 2) * MM
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
            bx0, by0, bx1, by1 = (float(v) for v in page.obj.BleedBox)
            media = [bx0 - margin, by0 - margin, bx1 + margin, by1 + margin]
            page.obj.MediaBox = pikepdf.Array(media)
            page.obj.CropBox = pikepdf.Array(media)
            if "/ArtBox" in page.obj:
                del page.obj["/ArtBox"]
            end = margin + (bx1 - x1)
            ops = ["q", "1 1 1 1 K", "0.25 w"]
            for x, y, dx, dy in (
                (x0, y0, -1, -1),
                (x1, y0, 1, -1),
                (x0, y1, -1, 1),
                (x1, y1, 1, 1),
            ):
                # Horizontal then vertical stroke, each on the trim line, outside the bleed.
                ops.append(f"{x + dx * gap:.3f} {y:.3f} m {x + dx * end:.3f} {y:.3f} l S")
                ops.append(f"{x:.3f} {y + dy * gap:.3f} m {x:.3f} {y + dy * end:.3f} l S")
            ops.append("Q")
            page.contents_add(pikepdf.Stream(pdf, "\n".join(ops).encode()), prepend=True)
        pdf.save(path)
