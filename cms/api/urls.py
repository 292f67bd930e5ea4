from django.http import JsonResponse
from django.urls import include, path, re_path

from wagtail.api.v2.router import WagtailAPIRouter

from .consultations import ConsultationsAPIViewSet
from .openapi import openapi_document
from .views import (
    ArrondissementsAPIViewSet,
    EntriesAPIViewSet,
    FphAPIViewSet,
    GuideFrameAPIViewSet,
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicPagesAPIViewSet,
)

# The guide's endpoints, which drf-spectacular describes in openapi.json.
GUIDE_ENDPOINTS = {
    "entries": EntriesAPIViewSet,
    "fph": FphAPIViewSet,
    "arrondissements": ArrondissementsAPIViewSet,
    "consultations": ConsultationsAPIViewSet,
    "guide": GuideFrameAPIViewSet,
}

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
for name, viewset in GUIDE_ENDPOINTS.items():
    api_router.register_endpoint(name, viewset)


def openapi_view(request):
    patterns = [
        path(f"{name}/", include(viewset.get_urlpatterns()))
        for name, viewset in GUIDE_ENDPOINTS.items()
    ]
    return JsonResponse(
        openapi_document(patterns), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


def not_found(request, rest=""):
    """Unknown addresses under /api/v2/ answer in JSON too, not with the site's HTML 404."""
    return JsonResponse(
        {
            "message": "Adresse inconnue : les points d'accès sont décrits dans /api/v2/openapi.json."
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [
    path("openapi.json", openapi_view, name="api-openapi"),
    path("", include((api_router.get_urlpatterns(), "wagtailapi"), namespace="wagtailapi")),
    # Only addresses ending in "/": without it, APPEND_SLASH still redirects entries → entries/.
    re_path(r"^(?P<rest>.*/)?$", not_found),
]
