"""The version of the renderer itself, part of every edition's version."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings


@cache
def layout_fingerprint():
    """Hash of the templates, stylesheets, fonts and code of the renderer.

    A deployment that changes the layout must not serve a PDF cached with the old one,
    even though the content is unchanged.
    """
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    folders = [
        base / "templates" / "print",
        base / "static" / "print",
        base / "static" / "fonts",
        Path(__file__).parent,
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
