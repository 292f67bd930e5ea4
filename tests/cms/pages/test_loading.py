from wagtail.models import Locale, Page, Site

import pytest

from cms.entries.loading import load_guide
from cms.pages.models import HomePage, ParticipezPage, StandardPage

pytestmark = pytest.mark.django_db


def test_load_guide_builds_the_page_tree_once():
    load_guide()
    load_guide()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    guide = ParticipezPage.objects.get()
    assert guide.url == "/participez/" and guide.live
    assert sorted(StandardPage.objects.values_list("slug", flat=True)) == [
        "declaration-accessibilite",
        "mentions-legales",
    ]
    # Wagtail's placeholder welcome page is gone.
    assert Page.objects.filter(depth=2).count() == 1


def test_load_guide_works_after_a_database_flush():
    # What TransactionTestCase or `manage.py flush` leave: no root page, locale or site.
    Site.objects.all().delete()
    Page.objects.filter(depth=1).delete()
    Locale.objects.all().delete()
    load_guide()
    assert ParticipezPage.objects.get().url == "/participez/"


def test_editors_pages_are_left_alone():
    load_guide()
    legal = StandardPage.objects.get(slug="mentions-legales")
    legal.title = "Mentions légales et crédits"
    legal.save_revision().publish()
    load_guide()
    assert StandardPage.objects.get(slug="mentions-legales").title == "Mentions légales et crédits"
