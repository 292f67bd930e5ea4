from django.apps import AppConfig


class GuideConfig(AppConfig):
    """The publishing side: renders the published entries into the static site and the PDF."""

    name = "guide"
    label = "guide"
    verbose_name = "Publication du guide"

    def ready(self):
        # Admin screens: guide/wagtail_hooks.py (static site, found by Wagtail) and
        # guide/pdf_admin.py (PDF editions, draft PDF preview), above both renderers.
        from guide import (
            follow,  # noqa: F401  (publishing follows the content)
            pdf_admin,  # noqa: F401
        )
