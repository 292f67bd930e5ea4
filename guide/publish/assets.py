"""The files around the pages: stylesheets, scripts, fonts, images and the PDF guides."""

import logging
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse

import guide.pdf
from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from guide.pdf.editions import ARRONDISSEMENT_URL_NAME, SCREEN, URL_NAMES

from .build import PublishError
from .links import CSS_URL

logger = logging.getLogger(__name__)


def pdf_files():
    """{edition: file in the static site}, where the application serves each PDF."""
    return {edition: reverse(name).lstrip("/") for edition, name in URL_NAMES.items()}


def arrondissement_pdf_files():
    """{arrondissement: file in the static site} of the arrondissements' own editions."""
    return {
        number: reverse(ARRONDISSEMENT_URL_NAME, args=[number]).lstrip("/")
        for number in ARRONDISSEMENT_NUMBERS
    }


def asset_source(url_path):
    if url_path.startswith(settings.STATIC_URL):
        name = url_path[len(settings.STATIC_URL) :]
        if staticfiles_storage.exists(name) and hasattr(staticfiles_storage, "path"):
            return Path(staticfiles_storage.path(name))
        found = finders.find(name)
        return Path(found) if found else None
    name = url_path[len(settings.MEDIA_URL) :]
    path = Path(settings.MEDIA_ROOT) / name
    return path if path.exists() else None


def add_assets(build, assets):
    """Copy each referenced file, and what stylesheets point to, into the build."""
    pending = sorted(assets)
    seen = set()
    while pending:
        url_path = pending.pop()
        if url_path in seen:
            continue
        seen.add(url_path)
        source = asset_source(url_path)
        if source is None:
            raise PublishError(f"Fichier introuvable : {url_path}")
        content = source.read_bytes()
        build.files[url_path.lstrip("/")] = content
        if url_path.endswith(".css"):
            # Fonts and images a stylesheet points to, resolved relative to it.
            for ref in CSS_URL.findall(content.decode("utf-8")):
                if ref.startswith(("data:", "http:", "https:", "#")):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(url_path), ref))
                pending.append(urlsplit(target).path)


def add_pdfs(build):
    """The last good PDF guides, as built by the worker: never built here, so a publish
    does not wait for WeasyPrint. An edition not built yet keeps the previous file."""
    latest = guide.pdf.latest_pdfs()
    for edition, target in pdf_files().items():
        path = latest.get((edition, None))
        if path is None:
            build.warnings.append(
                f"Guide PDF « {edition} » pas encore construit : le fichier précédent est gardé."
            )
            build.kept.add(target)
            continue
        build.files[target] = Path(path).read_bytes()
    missing = []
    for number, target in arrondissement_pdf_files().items():
        path = latest.get((SCREEN, number))
        if path is None:
            missing.append(arrondissement_label(number))
            build.kept.add(target)
            continue
        build.files[target] = Path(path).read_bytes()
    if missing:
        build.warnings.append(
            "Éditions d'arrondissement pas encore construites ("
            + ", ".join(missing)
            + ") : les fichiers précédents sont gardés."
        )
