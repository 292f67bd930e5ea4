"""Absolute addresses: the serving host and port in development, BASE_URL in production."""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.entries.factories import EntryFactory
from cms.pages.loading import ensure_site_pages

pytestmark = pytest.mark.django_db


def html_url(client, entry, host):
    cache.clear()
    response = client.get(f"/api/v2/entries/{entry.pk}/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.json()["meta"]["html_url"]


@pytest.fixture
def guide_page():
    """An entry has a web address only under the guide page of the tree."""
    ensure_site_pages()


def test_in_development_links_follow_the_port_serving_the_request(client, settings, guide_page):
    settings.BASE_URL_FROM_REQUEST = True
    entry = EntryFactory()
    assert html_url(client, entry, "127.0.0.1:8004").startswith("http://127.0.0.1:8004/")
    assert html_url(client, entry, "localhost:8001").startswith("http://localhost:8001/")


def test_in_production_links_use_the_configured_address(client, settings, guide_page):
    settings.BASE_URL_FROM_REQUEST = False
    settings.BASE_URL = "https://participez.paris.fr"
    entry = EntryFactory()
    assert html_url(client, entry, "127.0.0.1:8004").startswith("https://participez.paris.fr/")


def test_the_embed_code_outside_a_request_uses_the_configured_address(settings):
    settings.BASE_URL_FROM_REQUEST = True
    settings.BASE_URL = "https://participez.paris.fr"
    consultation = ConsultationFactory()
    assert consultation.embed_url.startswith("https://participez.paris.fr/")


def sitemap_locations(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_in_development_the_sitemap_follows_the_port_serving_the_request(
    client, settings, guide_page
):
    settings.BASE_URL_FROM_REQUEST = True
    locations = sitemap_locations(client, "127.0.0.1:8004")
    assert locations
    assert all(loc.startswith("http://127.0.0.1:8004/") for loc in locations)
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8004").content.decode()
    assert "Sitemap: http://127.0.0.1:8004/sitemap.xml" in robots


def test_in_production_the_sitemap_uses_the_configured_address(client, settings, guide_page):
    settings.BASE_URL_FROM_REQUEST = False
    settings.BASE_URL = "https://participez.paris.fr"
    locations = sitemap_locations(client, "127.0.0.1:8004")
    assert locations
    assert all(loc.startswith("https://participez.paris.fr/") for loc in locations)


def dev_settings(**env):
    """Settings values as `manage.py` (dev settings) loads them in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.BASE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL,"
        " s.STATIC_SITE_URL, s.BASE_URL_FROM_REQUEST]))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "STATIC_SITE_URL")}
    environ.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **env)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.django_db(False)
def test_outside_a_request_development_names_the_port_runall_serves():
    # Wagtail's workflow e-mails (WAGTAILADMIN_BASE_URL), the worker's PDFs and static site
    base, admin, api, static, from_request = dev_settings(DEV_SERVER_URL="http://127.0.0.1:8001")
    assert [base, admin, api, static] == ["http://127.0.0.1:8001"] * 4
    assert from_request
    # a BASE_URL set on purpose wins, and links no longer follow the request
    base, admin, api, static, from_request = dev_settings(
        DEV_SERVER_URL="http://127.0.0.1:8001", BASE_URL="https://recette.example.org"
    )
    assert [base, admin, api, static] == ["https://recette.example.org"] * 4
    assert not from_request


def test_runall_tells_its_processes_the_address_it_serves(monkeypatch):
    from cms.ops.management.commands import runall

    started = []

    class FakeChild:
        pid = 0

        def __init__(self, command, **kwargs):
            started.append(kwargs["env"])

        def poll(self):
            return 0

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(runall.subprocess, "Popen", FakeChild)
    monkeypatch.setattr(runall.signal, "signal", lambda *args: None)
    call_command("runall", "127.0.0.1:8001", stdout=StringIO(), stderr=StringIO())
    assert started
    assert all(env["DEV_SERVER_URL"] == "http://127.0.0.1:8001" for env in started)
