"""The printable guide: a WeasyPrint renderer for the print and screen editions."""

from .build import get_or_build_pdf, latest_edition, latest_pdf
from .render import EDITIONS, PAPERS, PdfOptions, render_pdf

__all__ = [
    "EDITIONS",
    "PAPERS",
    "PdfOptions",
    "get_or_build_pdf",
    "latest_edition",
    "latest_pdf",
    "render_pdf",
]
