"""Pages served live (and previews) read what they show: their cost does not grow with
the guide. An entry page and an arrondissement page make the same number of queries at
27 entries and at a few hundred, and load only the entries they show."""

from contextlib import contextmanager

from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from cms.entries.models import Entry

ENTRY_PAGE = "/participez/outils/budget-participatif/"
ARRONDISSEMENT_PAGE = "/participez/arrondissements/18/"
RELATIONS = ("key_figures", "contacts", "links", "fph_funds")
TAGS = ("audiences", "actions", "arrondissements")


def grow_guide(total):
    """Copies of the shipped entries, published, until the guide has `total`."""
    originals = list(Entry.objects.published().prefetch_related(*RELATIONS, *TAGS))
    copy = 0
    while Entry.objects.count() < total:
        copy += 1
        for entry in originals[: total - Entry.objects.count()]:
            rows = {name: list(getattr(entry, name).all()) for name in RELATIONS}
            tags = {name: list(getattr(entry, name).all()) for name in TAGS}
            clone = Entry.objects.get(pk=entry.pk)
            clone.pk = clone.id = None
            clone.slug = f"{entry.slug}-{copy}"
            clone.latest_revision = clone.live_revision = None
            clone.save()
            for children in rows.values():
                for row in children:
                    row.pk = row.id = None
                    row.entry = clone
                    row.save()
            for name, values in tags.items():
                getattr(clone, name).set(values)


@contextmanager
def loaded_entries():
    """The entries read from the database meanwhile."""
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Entry)
    try:
        yield loaded
    finally:
        post_init.disconnect(count, sender=Entry)


def queries(client, path):
    with CaptureQueriesContext(connection) as context, loaded_entries() as loaded:
        response = client.get(path)
    assert response.status_code == 200
    queries.loaded = len(loaded)
    return len(context.captured_queries), response.content.decode()


def test_an_entry_page_queries_one_entry_whatever_the_guide_size(guide, site_client):
    small, _ = queries(site_client, ENTRY_PAGE)
    grow_guide(300)
    large, html = queries(site_client, ENTRY_PAGE)
    assert "Budget Participatif" in html
    assert large <= small, (small, large)
    assert queries.loaded <= 2  # the entry (and the FPH entry some templates link to)


def test_an_arrondissement_page_cost_in_queries_does_not_grow(guide, site_client):
    small, html = queries(site_client, ARRONDISSEMENT_PAGE)
    before = html.count('class="card')
    grow_guide(300)
    large, html = queries(site_client, ARRONDISSEMENT_PAGE)
    # It shows more (the copies serve the 18e too) for the same number of queries.
    assert html.count('class="card') > before
    assert large <= small, (small, large)
    serving = Entry.objects.published().in_arrondissement(18).count()
    assert serving < Entry.objects.published().count()
    assert queries.loaded <= serving + 1  # what it shows, and the FPH entry it links to
    # Seen again with nothing published meanwhile: its lists are reused, not read again.
    again, html_again = queries(site_client, ARRONDISSEMENT_PAGE)
    assert html_again == html
    assert again <= large
    assert queries.loaded == 0
