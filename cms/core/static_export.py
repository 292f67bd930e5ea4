"""Whether a request comes from the publisher writing the static site.

Pages render slightly differently there (no server search, the static site's own host
in the sitemap). The publisher (guide.publish) sets the key; the pages only read it.
"""

# A WSGI environ key, which no HTTP header can set.
EXPORT_ENVIRON_KEY = "participez.static_export"


def is_static_export(request):
    return bool(request.META.get(EXPORT_ENVIRON_KEY))
