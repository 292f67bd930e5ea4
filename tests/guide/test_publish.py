import json
import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

import guide.pdf
from cms.entries.models import Entry
from guide.models import PublishRun, RunStatus
from guide.publish import build_search, publish_site

LINK = re.compile(r'\s(?:href|src|action)="([^"]*)"')


@pytest.fixture
def published_guide(guide_module, db, monkeypatch, tmp_path):
    """The shipped guide, with small stand-in PDFs (the print tests build the real ones)."""

    def fake_pdfs():
        found = {}
        for edition in ("screen", "print"):
            path = tmp_path / f"{edition}.pdf"
            path.write_bytes(b"%PDF-1.7 " + edition.encode())
            found[(edition, None)] = path
        for number in range(1, 21):
            found[("screen", number)] = found[("screen", None)]
        return found

    monkeypatch.setattr(guide.pdf, "latest_pdfs", fake_pdfs)


def html_files(out):
    return sorted(out.rglob("*.html"))


def broken_links(out):
    broken = []
    for page in html_files(out):
        if page.name == "404.html":
            continue
        for href in LINK.findall(page.read_text()):
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:", "tel:")):
                continue
            assert not href.startswith("/"), f"absolute link {href} in {page}"
            target = (page.parent / parts.path).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(page.relative_to(out)), href))
    return broken


def test_publish_writes_a_complete_self_contained_site(published_guide, tmp_path, settings):
    settings.STATIC_SITE_URL = "https://example.org/guide"
    out = tmp_path / "site"
    run = publish_site(out)
    assert run.status == RunStatus.SUCCESS, run.error
    assert run.error == ""
    for name in [
        "index.html",
        "participez/index.html",
        "participez/outils/budget-participatif/index.html",
        "participez/arrondissements/18/index.html",
        "participez/fonds-participation-habitants/18/index.html",
        "participez/comment-participer/index.html",
        "participez/recherche/index.html",
        "participez/declaration-accessibilite/index.html",
        "participez/mentions-legales/index.html",
        "participez/guide.pdf",
        "participez/guide-impression.pdf",
        "static/css/site.css",
        "static/js/search.js",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ]:
        assert (out / name).is_file(), name
    # Every link is relative and lands on a file: the folder works at any address.
    assert broken_links(out) == []
    page = (out / "participez/arrondissements/18/index.html").read_text()
    assert 'data-site-root="../../../"' in page and "data-static-site" in page
    assert "conseilcitoyen18@gmail.com" in page
    # The 404 page can be served at any depth: its links start from the site's address.
    assert 'href="/guide/participez/"' in (out / "404.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://example.org/guide/participez/outils/budget-participatif/</loc>" in sitemap
    assert "Sitemap: https://example.org/guide/sitemap.xml" in (out / "robots.txt").read_text()
    # The pages are out; the search is built after them (the worker's task, inline here):
    # the search rules beside the search page, and Pagefind's French index of the pages
    # residents look for (entries, parts, arrondissements, text pages...), not the finder's.
    assert run.search_due and build_search(out)
    rules = json.loads((out / "participez/recherche/index.json").read_text())
    assert "budget participatif" in rules["synonyms"]["voter"]
    bundle = out / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.fr.*"))
    indexed = len(list((bundle / "fragment").iterdir()))
    assert Entry.objects.published().count() + 20 < indexed < 200
    published = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    search_files = [p for p in published if bundle in p.parents or p.name == "index.json"]
    assert run.pages_written == len(published) - len(search_files)
    assert PublishRun.objects.get().status == RunStatus.SUCCESS


def test_second_publish_rewrites_only_what_changed_and_removes_unpublished_pages(
    published_guide, tmp_path
):
    out = tmp_path / "site"
    first = publish_site(out)
    total = first.pages_written

    again = publish_site(out)
    assert (again.pages_written, again.pages_unchanged, again.pages_removed) == (0, total, 0)

    entry = Entry.objects.get(slug="budget-participatif")
    entry.how = "<p>Un nouveau calendrier pour déposer vos projets.</p>"
    entry.save_revision().publish()
    before = (out / "participez/acteurs/index.html").stat().st_mtime_ns
    edited = publish_site(out)
    assert edited.pages_written == 1  # the entry page (the search follows on its own)
    assert edited.pages_unchanged == total - edited.pages_written
    assert (
        "Un nouveau calendrier"
        in (out / "participez/outils/budget-participatif/index.html").read_text()
    )
    assert (out / "participez/acteurs/index.html").stat().st_mtime_ns == before

    Entry.objects.get(slug="paris-petition").unpublish()
    removed = publish_site(out)
    assert removed.pages_removed == 1
    assert not (out / "participez/plateformes-numeriques/paris-petition").exists()
    assert broken_links(out) == []


def test_a_pdf_not_built_yet_is_reported_without_stopping_the_publish(
    guide_module, db, monkeypatch, tmp_path
):
    # The publish never builds a PDF (the worker does): without one it says so and goes on.
    monkeypatch.setattr(guide.pdf, "latest_pdfs", dict)
    out = tmp_path / "site"
    run = publish_site(out)
    assert run.status == RunStatus.SUCCESS
    assert "pas encore construit" in run.error
    assert (out / "participez/index.html").is_file()
    assert not (out / "participez/guide.pdf").exists()


def test_publish_records_who_published(published_guide, tmp_path):
    editor = get_user_model().objects.create_user("editrice", password="x")
    run = publish_site(tmp_path / "site", user=editor)
    run.refresh_from_db()
    assert run.user == editor and run.finished_at and run.progress == 100


def test_publish_command_reports_the_counts(published_guide, tmp_path):
    out = StringIO()
    call_command("publish", "--out", str(tmp_path / "site"), stdout=out, stderr=StringIO())
    assert "écrit(s)" in out.getvalue() and "0 supprimé(s)" in out.getvalue()
    assert Path(tmp_path / "site" / "participez" / "index.html").is_file()
    # No worker behind the command: it leaves the search built too.
    assert "Recherche du site reconstruite" in out.getvalue()
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()
    assert (tmp_path / "site" / "participez" / "recherche" / "index.json").is_file()


def test_editors_publish_from_the_admin_and_see_who_published_last(
    published_guide, tmp_path, settings, client
):
    settings.PUBLISH_OUTPUT_DIR = tmp_path / "site"
    admin = get_user_model().objects.create_superuser("camille", "c@example.org", "x")
    admin.first_name, admin.last_name = "Camille", "Martin"
    admin.save()
    client.force_login(admin)
    page = client.get("/admin/publier-le-site/")
    assert page.status_code == 200
    assert "Jamais publié" in page.content.decode()
    assert "/admin/publier-le-site/" in client.get("/admin/").content.decode()  # menu item

    response = client.post("/admin/publier-le-site/", follow=True)
    assert response.status_code == 200
    assert (tmp_path / "site/participez/index.html").is_file()
    # The search was the next task (run at once by the tests' backend, as a worker would).
    assert (tmp_path / "site/pagefind/pagefind.js").is_file()
    run = PublishRun.objects.get()
    assert run.user == admin and run.status == RunStatus.SUCCESS
    assert "Dernière publication" in response.content.decode()
    assert "par Camille Martin" in response.content.decode()
    listing = client.get("/admin/guide/publishrun/")
    assert listing.status_code == 200 and "camille" in listing.content.decode().lower()


def test_publishing_needs_the_permission(published_guide, client):
    someone = get_user_model().objects.create_user("lecteur", password="x")
    client.force_login(someone)
    assert client.post("/admin/publier-le-site/").status_code in (302, 403)
    assert not PublishRun.objects.exists()


def test_the_guide_routes_shortcut_renders_the_same_bytes_as_the_full_stack(published_guide):
    from guide.publish import publishing_context

    with publishing_context(None) as renderer:
        for path in [
            "/participez/",
            "/participez/acteurs/",
            "/participez/outils/fonds-participation-habitants/",
            "/participez/arrondissements/18/",
            "/participez/comment-participer/",
            "/participez/recherche/",
        ]:
            shortcut = renderer._routed(path)
            full = renderer.client.get(path)
            assert shortcut is not None and shortcut.status_code == full.status_code == 200
            assert shortcut.content == full.content, path
        # Anything else goes through the full stack.
        assert renderer._routed("/participez/mentions-legales/") is None
        assert renderer._routed("/participez/outils/inconnue/") is None


def test_links_become_relative_to_the_page():
    """Each absolute link climbs to the site's root, then follows its path: the site works
    under any address."""
    from guide.publish import rewrite_links

    html = (
        '<a href="/participez/">x</a> <a href="//cdn.example/x">y</a> <a href="https://paris.fr/">z</a>'
        ' <a href="/">r</a>'
    )
    assert rewrite_links(html, "/participez/edito/") == (
        '<a href="../../participez/">x</a> <a href="//cdn.example/x">y</a>'
        ' <a href="https://paris.fr/">z</a> <a href="../../">r</a>'
    )
    # At the root, "./": an empty href would be the page itself.
    assert rewrite_links(html, "/") == (
        '<a href="./participez/">x</a> <a href="//cdn.example/x">y</a>'
        ' <a href="https://paris.fr/">z</a> <a href="./">r</a>'
    )
    # The 404 page, served at any depth, gets the site's address path instead.
    assert rewrite_links('<a href="/participez/">x</a>', "/", prefix="/guide") == (
        '<a href="/guide/participez/">x</a>'
    )


def test_the_same_link_on_pages_of_different_depths_reaches_the_same_page():
    """Only the link attributes are rewritten (href, src, action, data-site-root), each
    to the way up from its page's folder; the assets a page uses are found with them."""
    from urllib.parse import urljoin

    from guide.publish.links import rewrite_page

    html = (
        '<a href="/participez/outils/budget-participatif/#qui">b</a>'
        '<form action="/participez/recherche/"></form><img src="/static/i.png?v=2" alt="">'
        '<a data-x="/participez/">x</a>\n<html data-site-root="/">'
    )
    pages = [
        "/participez/comment-participer/18e/oui/jeune/agir/",
        "/participez/comment-participer/paris/jeune/agir/",
        "/participez/outils/budget-participatif/",
        "/participez/outils/",
        "/participez/sitemap.xml",
    ]
    for page in pages:
        rewritten, assets = rewrite_page(html, page)
        links = re.findall(r'(?:href|action|src|data-site-root)="([^"]*)"', rewritten)
        base = f"https://example.org{page}"
        assert [urljoin(base, link) for link in links] == [
            "https://example.org/participez/outils/budget-participatif/#qui",
            "https://example.org/participez/recherche/",
            "https://example.org/static/i.png?v=2",
            "https://example.org/",
        ], page
        assert not any(link.startswith("/") for link in links), page
        assert '<a data-x="/participez/">' in rewritten  # not a link: left as it was
        assert assets == {"/static/i.png"}
        # A publish rewrites the bytes the application gave, the same way.
        assert rewrite_page(html.encode(), page) == (rewritten.encode(), assets)


def test_media_files_a_page_uses_are_copied(settings, tmp_path):
    from guide.publish import SiteBuild, _add_assets

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "kiosque.width-800.jpg").write_bytes(b"jpeg")
    build = SiteBuild()
    _add_assets(build, {"/media/images/kiosque.width-800.jpg", "/static/css/site.css"})
    assert build.files["media/images/kiosque.width-800.jpg"] == b"jpeg"
    assert b".skip-link" in build.files["static/css/site.css"]


DEBUG_MARKERS = [
    "DEBUG = True",
    "URLconf",
    "Traceback (most recent call last)",
    "Page not found at",
]


def test_published_files_carry_no_debug_leftovers_even_when_published_with_debug_on(
    published_guide, tmp_path, settings
):
    settings.DEBUG = True
    out = tmp_path / "site"
    run = publish_site(out)
    assert run.status == RunStatus.SUCCESS, run.error
    not_found = (out / "404.html").read_text()
    assert '<html lang="fr"' in not_found and "Page introuvable" in not_found
    leftovers = [
        (str(path.relative_to(out)), marker)
        for path in out.rglob("*")
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".json", ".js", ".css"}
        for marker in DEBUG_MARKERS
        if marker in path.read_text(errors="replace")
    ]
    assert leftovers == []


@pytest.mark.django_db
def test_the_publish_takes_each_edition_s_newest_good_file_in_one_query(
    settings, tmp_path, django_assert_num_queries
):
    """latest_pdfs() gives, for every edition, what latest_pdf() gives one by one: the
    newest good file still on disk (a missing file falls back to the one before)."""
    from guide.models import PrintEdition, RunStatus
    from guide.pdf.build import latest_pdf, latest_pdfs

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "guides").mkdir()

    def edition(name, kind="screen", number=None, on_disk=True, **fields):
        if on_disk:
            (tmp_path / "guides" / name).write_bytes(b"%PDF")
        return PrintEdition.objects.create(
            edition=kind,
            arrondissement=number,
            file=f"guides/{name}",
            status=fields.pop("status", RunStatus.SUCCESS),
            **fields,
        )

    edition("old-screen.pdf")
    edition("new-screen.pdf")
    edition("print.pdf", kind="print")
    edition("lost-print.pdf", kind="print", on_disk=False)
    edition("18.pdf", number=18)
    edition("18-failed.pdf", number=18, status=RunStatus.FAILED)
    edition("18-preview.pdf", number=18, is_preview=True)
    edition("11-marks.pdf", number=11, marks=True)
    with django_assert_num_queries(1):
        found = latest_pdfs()
    assert found == {
        ("screen", None): tmp_path / "guides" / "new-screen.pdf",
        ("print", None): tmp_path / "guides" / "print.pdf",
        ("screen", 18): tmp_path / "guides" / "18.pdf",
    }
    for (kind, number), path in found.items():
        assert latest_pdf(kind, arrondissement=number) == path
    assert latest_pdf("screen", arrondissement=11) is None
