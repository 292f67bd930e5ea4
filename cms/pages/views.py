"""Files around the pages: robots.txt, sitemap.xml and the search index of the static site."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.xmlutils import SimplerXMLGenerator

from wagtail.models import Page

from cms.core.static_export import is_static_export
from cms.entries.published import memo, published_sections

from .models import ParticipezPage
from .search import search_documents


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


def site_url(request):
    # The static site is served elsewhere than the CMS: its sitemap names its own host.
    if is_static_export(request):
        return settings.STATIC_SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {site_url(request)}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_xml(request):
    base = site_url(request)
    response = HttpResponse(content_type="application/xml; charset=utf-8")
    xml = SimplerXMLGenerator(response, "utf-8")
    xml.startDocument()
    xml.startElement("urlset", {"xmlns": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    for path in public_paths():
        xml.startElement("url", {})
        xml.addQuickElement("loc", f"{base}{path}")
        xml.endElement("url")
    xml.endElement("urlset")
    xml.endDocument()
    return response


def search_index(request):
    """The documents static/js/search.js and finder.js search in the browser."""
    sections = [
        {"kind": section.kind, "slug": section.slug, "title": section.title}
        for section in published_sections()
    ]
    return JsonResponse(
        {"sections": sections, "documents": search_documents()},
        json_dumps_params={"ensure_ascii": False},
    )
