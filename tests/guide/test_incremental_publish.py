"""A publish after an edit renders only the pages that show what changed, and the site
it leaves is byte for byte the one a full publish writes."""

import hashlib

from django.db import transaction

import pytest

from cms.entries.loading import load_guide
from cms.entries.models import Entry
from guide.models import RunStatus
from guide.publish import publish_site

# The shipped guide's citywide entries are on every arrondissement page.
ARRONDISSEMENT_PAGES = {f"/participez/arrondissements/{n}/" for n in range(1, 21)}


@pytest.fixture(scope="module")
def guide_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def rendered(guide_module, db, monkeypatch, tmp_path):
    """The addresses each publish renders, in order."""
    from guide.publish import render

    calls = []
    real = render.render_page

    def spy(renderer, path):
        calls.append(path)
        return real(renderer, path)

    monkeypatch.setattr(render, "render_page", spy)
    return calls


def site_files(out):
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not path.name.startswith(".publish")
    }


def publish(out):
    run = publish_site(out)
    assert run.status == RunStatus.SUCCESS, run.error
    return run


def test_an_unchanged_guide_renders_no_page(rendered, tmp_path):
    out = tmp_path / "site"
    first = publish(out)
    assert first.pages_rendered == len(rendered) + 4  # 404, sitemap, robots, search index
    rendered.clear()
    again = publish(out)
    assert rendered == [] and again.pages_rendered == 0
    assert again.pages_written == 0


def test_an_edit_of_an_entry_text_renders_its_page_and_the_search_index_only(rendered, tmp_path):
    out = tmp_path / "site"
    publish(out)
    entry = Entry.objects.get(slug="budget-participatif")
    entry.how = "<p>Un nouveau calendrier pour déposer vos projets.</p>"
    entry.save_revision().publish()

    rendered.clear()
    run = publish(out)
    # Lists do not show "Comment ?": only the entry's own page is rendered again.
    assert rendered == ["/participez/outils/budget-participatif/"]
    assert run.pages_rendered == 2  # and the search index
    assert (
        "Un nouveau calendrier"
        in (out / "participez/outils/budget-participatif/index.html").read_text()
    )

    full = tmp_path / "full"
    publish(full)
    assert site_files(out) == site_files(full)


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
