from django.urls import include, path

from wagtail.api.v2.router import WagtailAPIRouter

from . import consultations
from .openapi import openapi_view
from .views import (
    ArrondissementsAPIViewSet,
    EntriesAPIViewSet,
    FphAPIViewSet,
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
consultations.register(api_router)

urlpatterns = [
    path("openapi.json", openapi_view, name="api-openapi"),
    path("", include((api_router.get_urlpatterns(), "wagtailapi"), namespace="wagtailapi")),
]
