from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("guide.pdf", views.guide_pdf, name="guide_pdf"),
    path("guide-impression.pdf", views.guide_print_pdf, name="guide_print_pdf"),
    # An arrondissement's own edition, a file of its own so the static site carries it.
    path(
        "guide-arrondissement-<int:number>.pdf",
        views.arrondissement_pdf,
        name="arrondissement_pdf",
    ),
]
