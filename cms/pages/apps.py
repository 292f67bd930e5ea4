from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.autoreload import file_changed


class PagesConfig(AppConfig):
    name = "cms.pages"
    label = "pages"
    verbose_name = "Pages publiques"

    def ready(self):
        from cms.core.signals import guide_loaded
        from cms.entries.addresses import register_resolver

        from .addresses import forget_guide_root, route_url
        from .fragments import content_written, forget_fragments
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
        # Fragments rendered once per content version (cms.pages.fragments).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_written, dispatch_uid=f"pages.fragments.{id(signal)}")
        file_changed.connect(forget_fragments, dispatch_uid="pages.fragments.file_changed")
