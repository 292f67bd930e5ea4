"""The HTML of an edition laid out and written as a PDF: the half of a build that needs
WeasyPrint and nothing of Django.

A job (`Job`) carries the rendered HTML and, as plain values, everything else the layout
reads (stylesheets, the options' page rules, the folders the HTML may fetch from, the
output intent), so that `typeset(job)` runs the same in two places:

- in the Django process (render.render_pdf: the worker, build_editions, the admin's
  draft preview, the benchmark), where the parsed stylesheets and fonts are kept for the
  next edition;
- in a process that never imported Django, `python -m guide.pdf.typeset JOB`, which
  `build_pdf` replaces itself with (`exec_typesetter`): Django (about 126 MB for the 10x
  guide) and the layout (130 MB and more) are then never in memory together. The job
  names the command to exec into once the file is written, with what came of it in a
  result file (`read_result`), so that Django comes back to record the edition.

This module and tagging.py must import nothing from Django, Wagtail or cms/: the test
suite checks it in a fresh interpreter.
"""

import atexit
import contextlib
import gc
import json
import os
import re
import sys
import threading
import traceback
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .tagging import finish_screen_edition

BLEED_MM = 3
# Media added around the bleed when crop marks are asked for: the marks sit in it,
# outside the bleed, so trimming never leaves a mark on the page.
MARKS_MARGIN_MM = 10
# Pages that bring a booklet to a multiple of four, in the order they are kept (ids in
# templates/print/fillers.html): the template always lays out all three, one page each,
# before the back cover, and the renderer drops those not needed. Useful pages rather
# than blank ones; the rest of the layout does not move since they come last.
FILLER_IDS = ("votre-avis", "mes-contacts", "notes")
MM = 72 / 25.4


@dataclass(frozen=True)
class Job:
    """One PDF to write: the edition's HTML and what its layout reads besides."""

    html: str
    target: str
    # static/print: the stylesheets and the HTML's base URL.
    base_dir: str
    palette: str
    # The rules that depend on the options (sheet size, bleed, CMYK profile).
    page_css: str
    # The only folders the HTML and the stylesheets may read from (asset_fetcher).
    allowed_dirs: tuple
    variant: str
    is_print: bool
    marks: bool
    # (identifier, info, registry) of the print edition's output condition.
    output_intent: tuple | None = None

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        data["allowed_dirs"] = tuple(data["allowed_dirs"])
        if data.get("output_intent") is not None:
            data["output_intent"] = tuple(data["output_intent"])
        return cls(**data)


@dataclass
class RenderResult:
    page_count: int
    size_bytes: int


class TypesetError(Exception):
    """The typesetting process failed; its message says why (its traceback went to
    the command's error output)."""


def asset_fetcher(allowed_dirs=()):
    """A URL fetcher limited to the job's folders: static/ and the editors' images.

    The HTML carries editors' rich text: whatever it holds, the renderer must never read
    another local file nor reach the network. The folders are the job's (`allowed`,
    set by each typeset()): the fetcher is cached with the styles and outlives a change
    of settings.
    """
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        allowed = resolved(allowed_dirs)

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(folder) for folder in self.allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"Resource outside static/ refused: {url}")

    return StaticOnlyFetcher(allowed_protocols=("file",))


def resolved(folders):
    return tuple(Path(folder).resolve() for folder in folders)


@dataclass(frozen=True)
class Styles:
    stylesheets: list
    font_config: object
    color_profiles: dict
    fetcher: object


_styles_cache = {}


@atexit.register
def _drop_styles():
    """Each cached FontConfiguration deletes its temporary folder of fonts when it is
    collected, with a function the interpreter's shutdown may have cleared already: left
    to the shutdown, the folder stays behind in /tmp. They are collected before it."""
    _styles_cache.clear()
    gc.collect()


def styles_for(job):
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

    base = Path(job.base_dir)
    key = (
        job.base_dir,
        job.palette,
        job.page_css,
        (base / "guide.css").stat().st_mtime_ns,
        (base / job.palette).stat().st_mtime_ns,
    )
    styles = _styles_cache.get(key)
    if styles is None:
        font_config = FontConfiguration()
        fetcher = asset_fetcher(job.allowed_dirs)
        # Shared by every stylesheet so that @color-profile reaches the output intent.
        color_profiles = {}
        shared = {
            "font_config": font_config,
            "color_profiles": color_profiles,
            "url_fetcher": fetcher,
        }
        stylesheets = [
            CSS(filename=base / "guide.css", **shared),
            CSS(filename=base / job.palette, **shared),
            CSS(string=job.page_css, base_url=str(base) + "/", **shared),
        ]
        styles = Styles(stylesheets, font_config, color_profiles, fetcher)
        if len(_styles_cache) >= 4:
            _styles_cache.clear()  # stale keys after edits: the memory stays flat
        _styles_cache[key] = styles
    styles.fetcher.allowed = resolved(job.allowed_dirs)
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


def layout(job):
    """The laid-out document of `job` (WeasyPrint's Document)."""
    styles = styles_for(job)
    html = guide_html_class()(
        string=job.html, base_url=job.base_dir + "/", url_fetcher=styles.fetcher
    )
    try:
        document = html.render(
            stylesheets=styles.stylesheets,
            font_config=styles.font_config,
            color_profiles=styles.color_profiles,
            pdf_variant=job.variant,
        )
    finally:
        release_layout_state()
    if job.is_print:
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


def typeset(job):
    """Lay out `job` and write its PDF to job.target: the one place every build does it.

    The layout's garbage is reference cycles that only a collection frees (see
    lighter_layout, releasing_pages), and each full collection walks every object of the
    process: in a Django process (the worker, build_editions, the benchmark) those three
    collections took 0.6 s of a 2 s print edition. What was alive before the layout
    (Django, the content, the kept styles and fonts) is set aside for its duration
    (gc.freeze): the collections then walk only the layout's own objects, and free the
    same ones.

    Only when nothing is frozen already: gc.unfreeze() gives back every frozen object,
    and a process that froze its own (a server that freezes what it loaded before
    forking its workers) must find them frozen still; its layout then runs unfrozen."""
    if gc.get_freeze_count():
        return _typeset(job)
    gc.freeze()
    try:
        return _typeset(job)
    finally:
        gc.unfreeze()


def _typeset(job):
    target = Path(job.target)
    target.parent.mkdir(parents=True, exist_ok=True)
    document = layout(job)
    page_count = len(document.pages)
    write_options = {"pdf_variant": job.variant, "pdf_identifier": True}
    if job.is_print:
        write_options["dpi"] = 300

        def finisher(document, pdf):
            name_output_condition(pdf, job.output_intent)

    else:
        write_options.update(dpi=150, optimize_images=True, jpeg_quality=85)
        finisher = finish_screen_edition
    write_options["finisher"] = releasing_pages(finisher)
    document.write_pdf(target, **write_options)
    if job.marks:
        add_crop_marks(target)
    return RenderResult(page_count=page_count, size_bytes=target.stat().st_size)


def name_output_condition(pdf, output_intent):
    """WeasyPrint names the output intent after the profile's description; a print
    shop's preflight wants the registered condition and its registry instead."""
    import pydyf

    identifier, info, registry = output_intent
    for intent in pdf.catalog.get("OutputIntents", []):
        intent["OutputConditionIdentifier"] = pydyf.String(identifier)
        intent["OutputCondition"] = pydyf.String(info)
        intent["RegistryName"] = pydyf.String(registry)
        intent["Info"] = pydyf.String(info)


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


# --- typesetting in a process of its own ---------------------------------------------------


def write_job(job, job_path, result_path, then):
    """The file `python -m guide.pdf.typeset` reads: `job`, where to write what came of
    it (read_result) and the command line to exec into afterwards."""
    Path(result_path).unlink(missing_ok=True)
    Path(job_path).write_text(
        json.dumps({"job": asdict(job), "result": str(result_path), "then": list(then)}),
        encoding="utf-8",
    )


def exec_typesetter(job, job_path, result_path, then):
    """Replace this process with `python -m guide.pdf.typeset`, which writes the PDF of
    `job`, what came of it to `result_path` (read_result), then execs `then` (a command
    line) to record it. Never returns, unless the exec itself fails (OSError).

    An exec rather than a child process: the memory of this process (Django, the
    content) is handed back before the layout starts, instead of waiting beside it.
    Linux keeps the peak resident size across exec, so `/usr/bin/time` still reports
    the command's real peak.
    """
    write_job(job, job_path, result_path, then)
    # The code that wrote the job is the code that typesets it, whatever the current
    # folder and however this project is installed.
    root = str(Path(__file__).resolve().parents[2])
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [root, environment.get("PYTHONPATH")]))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(  # noqa: S606 - this interpreter and our own module, no shell
        sys.executable,
        [sys.executable, "-m", "guide.pdf.typeset", str(job_path)],
        environment,
    )


def read_result(result_path):
    """The RenderResult the typesetting process left, or TypesetError with its reason."""
    path = Path(result_path)
    try:
        outcome = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TypesetError(f"no result from the typesetting process ({error})") from None
    finally:
        path.unlink(missing_ok=True)
    if "error" in outcome:
        raise TypesetError(outcome["error"])
    return RenderResult(**outcome)


def main(job_path):
    """Typeset the job at `job_path`, record what came of it, exec its next command: run
    whatever happens, so that the command is always told (a PDF or an error, never a
    silently missing file)."""
    job_path = Path(job_path)
    payload = json.loads(job_path.read_text(encoding="utf-8"))
    job_path.unlink()
    try:
        outcome = asdict(typeset(Job.from_json(payload["job"])))
    except Exception as error:
        traceback.print_exc()
        outcome = {"error": f"{type(error).__name__}: {error}"}
        with contextlib.suppress(OSError):
            Path(payload["job"]["target"]).unlink(missing_ok=True)
    Path(payload["result"]).write_text(json.dumps(outcome), encoding="utf-8")
    sys.stdout.flush()
    sys.stderr.flush()
    then = payload["then"]
    os.execv(then[0], then)  # noqa: S606 - the command line the job was given


if __name__ == "__main__":
    main(sys.argv[1])
