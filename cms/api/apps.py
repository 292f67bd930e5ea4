from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "api"
    verbose_name = "API publique"

    def ready(self):
        from . import caching, editors

        caching.connect_signals()
        # Before wagtail.snippets' ready(), which builds the v3 snippet routes from the
        # snippet models that declare api_fields.
        editors.expose_entries_as_snippets()
