"""Files around the pages: robots.txt, sitemap.xml and the search index of the static site."""

from django.http import HttpResponse

from wagtail.models import Page

from cms.core.static_export import site_url
from cms.entries.published import memo

from .models import ParticipezPage


def public_paths():
    """Every public page of the site, as absolute paths ("/participez/acteurs/")."""

    def compute():
        # Every live, public page of the tree, then the routes of the guide pages.
        pages = Page.objects.live().public().filter(depth__gt=1).specific()
        paths = [page.url for page in pages if page.url]
        for guide in ParticipezPage.objects.live().public():
            paths += guide.static_paths()
        return list(dict.fromkeys(paths))

    return memo("public_paths", compute)


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {site_url(request)}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
