"""A publish after an edit renders only the pages that show what changed, and the site
it leaves is byte for byte the one a full publish writes.

The static search (its rules and Pagefind's bundle) is built after the publish
(guide.publish.build_search, the worker's task); where a test compares folders with the
search in them, it builds it in both."""

import json
from datetime import date

import pytest

from cms.entries.models import Action, Entry, FphFund
from guide.models import RunStatus
from guide.publish import build_search, publish_site
from tests.guide.files import site_files

# The shipped guide's citywide entries are on every arrondissement page.
ARRONDISSEMENT_PAGES = {f"/participez/arrondissements/{n}/" for n in range(1, 21)}


@pytest.fixture
def rendered(guide_module, db, monkeypatch, settings):
    """The addresses each publish renders, in order."""
    from guide.publish import render

    # The spy sees the pages of this process only: no forked renderers here
    # (tests/guide/test_publish_parallel.py compares both ways).
    settings.PUBLISH_WORKERS = 1

    calls = []
    real = render.render_page

    def spy(renderer, path):
        calls.append(path)
        return real(renderer, path)

    monkeypatch.setattr(render, "render_page", spy)
    return calls


def page_of(relative):
    """The address of a written page ("participez/outils/index.html" -> "/participez/outils/")."""
    return "/" + relative.removesuffix("index.html")


def changed_pages(before, after):
    """The HTML pages whose bytes differ between two full publishes."""
    return {
        page_of(relative)
        for relative in set(before) | set(after)
        if relative.endswith(".html") and before.get(relative) != after.get(relative)
    }


def publish(out):
    run = publish_site(out)
    assert run.status == RunStatus.SUCCESS, run.error
    return run


def test_an_unchanged_guide_renders_no_page(rendered, tmp_path):
    out = tmp_path / "site"
    first = publish(out)
    assert first.pages_rendered == len(rendered) + 3  # 404, sitemap, robots
    assert first.search_due
    build_search(out)
    rendered.clear()
    again = publish(out)
    assert rendered == [] and again.pages_rendered == 0
    assert again.pages_written == 0
    assert not again.search_due
    # What the next publish in this process reuses without parsing is what it would parse.
    from guide.publish import write

    for name in (write.MANIFEST_NAME, write.PAGES_NAME, write.ENTRIES_NAME):
        kept = write._parsed[str(out / name)][1]
        assert kept == json.loads((out / name).read_text()), name


def test_an_edit_of_an_entry_text_renders_its_page_only(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    build_search(out)
    before = site_files(out)
    entry = Entry.objects.get(slug="budget-participatif")
    entry.how = "<p>Un nouveau calendrier pour déposer vos projets.</p>"
    entry.save_revision().publish()

    rendered.clear()
    run = publish(out)
    after_edit = set(rendered)
    # Lists do not show "Comment ?": only the entry's own page is rendered again, and
    # the search (which has its text) is due.
    assert rendered == ["/participez/outils/budget-participatif/"]
    assert run.pages_rendered == 1 and run.search_due
    assert (
        "Un nouveau calendrier"
        in (out / "participez/outils/budget-participatif/index.html").read_text()
    )
    assert build_search(out)
    assert "nouveau" in (out / "participez/recherche/index.json").read_text()

    # Search included on both sides: the same bytes as a full publish into a new folder,
    # and the one page rendered is the one page whose bytes changed.
    full = tmp_path / "full"
    publish(full)
    build_search(full)
    assert site_files(out) == site_files(full)
    assert changed_pages(before, site_files(full)) == after_edit


def test_a_new_title_renders_every_list_that_shows_the_entry(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    total = len(rendered)
    entry = Entry.objects.get(slug="budget-participatif")
    assert entry.citywide
    entry.title = "Budget participatif de Paris"
    entry.save_revision().publish()

    rendered.clear()
    publish(out)
    assert set(rendered) >= {
        "/participez/outils/budget-participatif/",
        "/participez/outils/",
        *ARRONDISSEMENT_PAGES,
    }
    assert "/participez/acteurs/" not in rendered
    assert "/participez/edito/" not in rendered
    # The finder's questions do not show titles; its result pages list the entry.
    assert "/participez/comment-participer/paris/" not in rendered
    assert any(path.endswith("/tout-voir/") for path in rendered)
    assert len(rendered) < total / 2

    full = tmp_path / "full"
    publish(full)
    assert site_files(out) == site_files(full)


def test_an_unpublished_entry_disappears_from_the_pages_that_listed_it(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    Entry.objects.get(slug="paris-petition").unpublish()
    rendered.clear()
    run = publish(out)
    assert run.pages_removed == 1
    assert "/participez/plateformes-numeriques/" in rendered
    full = tmp_path / "full"
    publish(full)
    assert site_files(out) == site_files(full)


def test_a_deleted_file_is_rendered_again(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    (out / "participez/acteurs/index.html").unlink()
    rendered.clear()
    publish(out)
    assert rendered == ["/participez/acteurs/"]
    assert (out / "participez/acteurs/index.html").is_file()


def publish_again_and_in_full(out, tmp_path, rendered):
    """(the pages the publish into `out` rendered, the files of a full publish into a new folder)."""
    rendered.clear()
    publish(out)
    after_edit = set(rendered)
    full = tmp_path / "full"
    publish(full)
    return after_edit, site_files(full)


def test_an_fph_row_edited_without_a_revision_renders_the_pages_that_show_it(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    before = site_files(out)
    # The FPH directory is edited in its own listing: no revision of the entry.
    fund = FphFund.objects.filter(entry__live=True, arrondissement=18).first()
    fund.association = "Association des habitants de la Goutte d'Or"
    fund.save()

    after_edit, after = publish_again_and_in_full(out, tmp_path, rendered)
    changed = changed_pages(before, after)
    assert {
        "/participez/fonds-participation-habitants/",
        "/participez/fonds-participation-habitants/18/",
        "/participez/arrondissements/18/",
    } <= changed
    assert changed <= after_edit
    assert "/participez/acteurs/" not in after_edit
    assert site_files(out) == after


def test_a_check_date_set_without_a_revision_renders_the_entry_page_again(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    before = site_files(out)
    # « Vérifié le » is set by load_guide and by the review listing, without a revision;
    # the entry's page shows it (« Mis à jour le 30 novembre 2026 »).
    Entry.objects.filter(slug="budget-participatif").update(verified_on=date(2026, 11, 30))

    after_edit, after = publish_again_and_in_full(out, tmp_path, rendered)
    changed = changed_pages(before, after)
    assert "/participez/outils/budget-participatif/" in changed
    assert changed <= after_edit
    page = out / "participez/outils/budget-participatif/index.html"
    assert "30 novembre 2026" in page.read_text()
    assert site_files(out) == after


def test_a_renamed_demarche_renders_again_every_page_that_names_it(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    before = site_files(out)
    # Taxonomies are edited without a revision, and every page's menu names them.
    action = Action.objects.get(code="vote")
    action.label = "Je vote et je donne mon avis"
    action.save()

    after_edit, after = publish_again_and_in_full(out, tmp_path, rendered)
    assert changed_pages(before, after) <= after_edit
    assert site_files(out) == after


def test_a_failed_publish_leaves_the_site_as_it_was(rendered, tmp_path, monkeypatch):
    """Pages are written beside their place while they are rendered (write.stage): a
    publish that fails after that leaves neither the new pages nor their temporary files."""
    import guide.publish

    out = tmp_path / "site"
    publish(out)
    before = site_files(out)
    entry = Entry.objects.get(slug="budget-participatif")
    entry.how = "<p>Un nouveau calendrier pour déposer vos projets.</p>"
    entry.save_revision().publish()

    def broken(build):
        raise OSError("disque plein")

    monkeypatch.setattr(guide.publish, "_add_pdfs", broken)
    run = publish_site(out)

    assert run.status == RunStatus.FAILED and "disque plein" in run.error
    assert site_files(out) == before
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    # The next publish, working again, writes the edit.
    monkeypatch.undo()
    publish(out)
    assert (
        "Un nouveau calendrier"
        in (out / "participez/outils/budget-participatif/index.html").read_text()
    )


def test_the_site_addresses_are_kept_until_a_card_a_fact_or_a_page_changes(
    rendered, tmp_path, monkeypatch
):
    """render._site_paths: after an edit of a text the addresses are not listed again;
    a new slug, an entry unpublished or a page made private list them again."""
    from cms.pages import views as page_views

    listed = []
    real = page_views.public_paths
    monkeypatch.setattr(
        page_views, "public_paths", lambda entries=None: listed.append(1) or real(entries)
    )
    out = tmp_path / "site"
    publish(out)
    assert len(listed) == 1

    entry = Entry.objects.get(slug="budget-participatif")
    entry.how = "<p>Un nouveau calendrier.</p>"
    entry.save_revision().publish()
    publish(out)
    assert len(listed) == 1

    entry.slug = "budget-participatif-parisien"
    entry.save_revision().publish()
    publish(out)
    assert len(listed) == 2
    assert (out / "participez/outils/budget-participatif-parisien/index.html").is_file()
    assert not (out / "participez/outils/budget-participatif/index.html").exists()

    from wagtail.models import Page, PageViewRestriction

    legal = Page.objects.get(url_path="/accueil/participez/mentions-legales/")
    assert (out / "participez/mentions-legales/index.html").is_file()
    PageViewRestriction.objects.create(page=legal, restriction_type="login")
    publish(out)
    assert len(listed) == 3
    assert not (out / "participez/mentions-legales/index.html").exists()
