from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PagesConfig(AppConfig):
    name = "cms.pages"
    label = "pages"
    verbose_name = "Pages publiques"

    def ready(self):
        from cms.core.signals import guide_loaded
        from cms.entries.addresses import register_resolver

        from .addresses import forget_guide_root, route_url
        from .loading import ensure_search_defaults, ensure_site_pages

        def add_site_pages(**kwargs):
            ensure_site_pages()
            ensure_search_defaults()

        # load_guide() also creates the home page, the guide page and the legal pages.
        guide_loaded.connect(add_site_pages, weak=False, dispatch_uid="pages.ensure_site_pages")
        # Entries, sections, the API and the PDF take the guide's addresses from its page.
        register_resolver(route_url)
        post_save.connect(forget_guide_root, dispatch_uid="pages.forget_guide_root")
        post_delete.connect(forget_guide_root, dispatch_uid="pages.forget_guide_root_deleted")
