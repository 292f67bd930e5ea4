from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "cms.pages"
    label = "pages"
    verbose_name = "Pages publiques"

    def ready(self):
        from cms.core.signals import guide_loaded

        from .loading import ensure_site_pages

        def add_site_pages(**kwargs):
            ensure_site_pages()

        # load_guide() also creates the home page, the guide page and the legal pages.
        guide_loaded.connect(add_site_pages, weak=False, dispatch_uid="pages.ensure_site_pages")
