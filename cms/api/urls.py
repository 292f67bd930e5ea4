from django.http import JsonResponse
from django.urls import include, path, re_path

from wagtail.api.v2.router import WagtailAPIRouter

from . import consultations
from .openapi import openapi_view
from .views import (
    ArrondissementsAPIViewSet,
    EntriesAPIViewSet,
    FphAPIViewSet,
    GuideFrameAPIViewSet,
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicPagesAPIViewSet,
)

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("entries", EntriesAPIViewSet)
api_router.register_endpoint("fph", FphAPIViewSet)
api_router.register_endpoint("arrondissements", ArrondissementsAPIViewSet)
api_router.register_endpoint("guide", GuideFrameAPIViewSet)
consultations.register(api_router)


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
