"""HTML + CSS paged media → PDF with WeasyPrint, for the print and screen editions.

*print*: A5 trim, 3 mm bleed, every colour in device-cmyk() with a FOGRA39 output intent
(PDF/X-4), page count padded to a multiple of four for saddle stitching, optional crop
marks. *screen*: no bleed, RGB, tagged (PDF/UA-1), bookmarks and clickable links.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string

from .context import build_context

EDITIONS = ("print", "screen")
PAPERS = {"a5": (148, 210), "a4": (210, 297)}
BLEED_MM = 3
# Media added around the bleed when crop marks are asked for: the marks sit in it,
# outside the bleed, so trimming never leaves a mark on the page.
MARKS_MARGIN_MM = 10
# Pages a booklet may need to reach a multiple of four; the template always provides
# this many blank pages before the back cover and the unneeded ones are dropped.
MAX_PADDING = 3
MM = 72 / 25.4


def static_print_dir():
    return Path(settings.BASE_DIR) / "static" / "print"


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
    """The only layout rule that depends on the options: the sheet size and its bleed."""
    width, height = PAPERS[options.paper]
    bleed = f"bleed: {BLEED_MM}mm;" if options.is_print else "bleed: 0;"
    return f"@page {{ size: {width}mm {height}mm; {bleed} }}"


def render_html(options, draft=None):
    context = build_context(options.edition, options.paper, options.arrondissement, draft=draft)
    context["padding"] = range(MAX_PADDING if options.is_print else 0)
    return render_to_string("print/guide.html", context)


def asset_fetcher():
    """A URL fetcher limited to our own files under static/.

    The HTML carries editors' rich text: whatever it holds, the renderer must never read
    another local file nor reach the network.
    """
    from weasyprint.urls import URLFetcher

    allowed = (Path(settings.BASE_DIR) / "static").resolve()

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_relative_to(allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"Resource outside static/ refused: {url}")

    return StaticOnlyFetcher(allowed_protocols=("file",))


def render_document(options, draft=None):
    # Imported here: WeasyPrint loads Pango and fonts, which the admin and the web pages
    # importing this package should not pay for.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = asset_fetcher()
    # Shared by every stylesheet so that @color-profile device-cmyk reaches the output intent.
    color_profiles = {}
    base = static_print_dir()
    palette = "palette-cmyk.css" if options.is_print else "palette-rgb.css"
    shared = {"font_config": font_config, "color_profiles": color_profiles, "url_fetcher": fetcher}
    stylesheets = [
        CSS(filename=base / "guide.css", **shared),
        CSS(filename=base / palette, **shared),
        CSS(string=page_css(options), **shared),
    ]
    html = HTML(string=render_html(options, draft), base_url=str(base) + "/", url_fetcher=fetcher)
    document = html.render(
        stylesheets=stylesheets,
        font_config=font_config,
        color_profiles=color_profiles,
        pdf_variant=options.variant,
    )
    if options.is_print:
        document = pad_to_multiple_of_four(document)
    return document


def pad_to_multiple_of_four(document):
    """Keep just enough of the reserved blank pages for a saddle-stitched booklet."""
    pages = document.pages
    content = pages[: -1 - MAX_PADDING]
    blanks = pages[-1 - MAX_PADDING : -1]
    back_cover = pages[-1]
    needed = -(len(content) + 1) % 4
    return document.copy([*content, *blanks[:needed], back_cover])


def render_pdf(options, target, draft=None):
    """Write the PDF of `options` to `target` (a path); `draft` replaces its published entry."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    document = render_document(options, draft=draft)
    write_options = {"pdf_variant": options.variant, "pdf_identifier": True}
    if options.is_print:
        write_options["dpi"] = 300
    else:
        write_options.update(dpi=150, optimize_images=True, jpeg_quality=85)
    document.write_pdf(target, **write_options)
    if options.marks:
        add_crop_marks(target)
    return RenderResult(page_count=len(document.pages), size_bytes=target.stat().st_size)


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
