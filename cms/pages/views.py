"""Files around the pages: robots.txt, sitemap.xml and the search index of the static site."""

from django.http import Http404, HttpResponse
from django.urls import reverse

from wagtail.models import Page

from cms.consultations.models import Consultation
from cms.core.static_export import site_url
from cms.entries.published import memo

from .addresses import search_index_path
from .models import ParticipezPage
from .search import search_rules_response


def public_paths(entries=None):
    """Every public page of the site, as absolute paths ("/<guide>/acteurs/").

    `entries`: the finder's facts of the published entries, as
    `ParticipezPage.route_paths` takes them; read from the published entries when None.
    """

    def compute():
        # Every live, public page of the tree, then the routes of the guide pages.
        pages = Page.objects.live().public().filter(depth__gt=1).specific()
        paths = [page.url for page in pages if page.url]
        for guide in ParticipezPage.objects.live().public():
            paths += guide.static_paths(entries)
        # The consultations: on the static site, a page presenting each one and linking
        # to its form on the application (cms.consultations.views.static_page).
        paths.append(reverse("consultations:list"))
        paths += [c.get_url_path() for c in Consultation.objects.published().order_by("pk")]
        return list(dict.fromkeys(paths))

    if entries is not None:
        return compute()
    return memo("public_paths", compute)


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {site_url(request)}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def search_index(request):
    """The search rules static/js/search.js applies (synonyms, promotions, vocabulary),
    next to the guide's search page.

    Wagtail serves only addresses ending in "/", so this file is a Django URL that
    accepts any folder and answers only at the guide page's current address.
    """
    if request.path != search_index_path():
        raise Http404
    return search_rules_response()
