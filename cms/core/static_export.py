"""Whether a request comes from the publisher writing the static site.

Pages render slightly differently there (no server search, the static site's own host
in the sitemap). The publisher (guide.publish) sets the key; the pages only read it.
"""

from django.conf import settings

from .addresses import base_url

# A WSGI environ key, which no HTTP header can set.
EXPORT_ENVIRON_KEY = "participez.static_export"


def is_static_export(request):
    return bool(request.META.get(EXPORT_ENVIRON_KEY))


def site_url(request):
    """The public origin of the site this request renders ("https://…", no trailing slash).

    The static site is served elsewhere than the CMS: its sitemap names its own host. The
    live site names the configured address in production, the serving host and port on a
    developer's machine (cms.core.addresses).
    """
    if is_static_export(request):
        return settings.STATIC_SITE_URL
    return base_url()
