from django.apps import AppConfig


class GuideConfig(AppConfig):
    """The publishing side: renders the published entries into the static site and the PDF."""

    name = "guide"
    label = "guide"
    verbose_name = "Publication du guide"
