from django.apps import AppConfig


class GuideConfig(AppConfig):
    """The publishing side: renders the published entries into the static site and the PDF."""

    name = "guide"
    label = "guide"
    verbose_name = "Publication du guide"

    def ready(self):
        # The PDF side's admin (editions listing, draft preview) lives with its renderer;
        # guide/wagtail_hooks.py is the static-site side's.
        from guide import follow  # noqa: F401  (publishing follows the content)
        from guide.pdf import admin_hooks  # noqa: F401
