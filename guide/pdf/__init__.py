"""The printable guide: a WeasyPrint renderer for the print and screen editions."""

from importlib import import_module

# Loaded on first use, not with the package: `python -m guide.pdf.typeset` imports this
# package in a process that must never load Django (see typeset.py), and build.py and
# render.py read the models and the settings.
_EXPORTS = {
    "EDITIONS": "render",
    "PAPERS": "render",
    "PdfOptions": "render",
    "render_pdf": "render",
    "get_or_build_pdf": "build",
    "latest_edition": "build",
    "latest_pdf": "build",
    "latest_pdfs": "build",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
