from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as wagtail_api_v3
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from cms.ops import views as ops_views
from cms.pages import reports as pages_reports
from cms.pages import views as pages_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("participez/consultations/", include("cms.consultations.urls")),
    path("participez/", include("guide.urls")),
    path("api/v2/", include("cms.api.urls")),
    path("api/v3-preview/", wagtail_api_v3.urls),
    path("signaler-une-erreur/", pages_reports.report, name="report"),
    path("signaler-une-erreur/merci/", pages_reports.report_thanks, name="report_thanks"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("robots.txt", pages_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.sitemap, name="sitemap_xml"),
    # Beside the guide page's search route, wherever the guide page is (cms.pages.views).
    re_path(r"^(?:[-\w]+/)+index\.json$", pages_views.search_index, name="search_index"),
]

# A database outage anywhere is a French 503 page, not a 500 (cms.ops).
handler500 = "cms.ops.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's catch-all page serving comes last.
urlpatterns += [path("", include(wagtail_urls))]
