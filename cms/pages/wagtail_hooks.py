"""Admin screens of the public pages: the search synonyms (a snippet) and the editors'
inbox of residents' reports ("Signaler une information périmée ou une erreur"): a
wagtail-modeladmin table (an operational list, like consultation answers), with an
inspect view and a "traité" flag editors tick once they have checked the page."""

from urllib.parse import urlsplit

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .models import ErrorReport
from .synonyms import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Synonymes de recherche"
    menu_name = "search_synonyms"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["term", "expansions"]
    search_fields = ["term", "expansions"]


register_snippet(SearchSynonymViewSet)


class ErrorReportPermissionHelper(PermissionHelper):
    """Reports come from residents: editors read them and mark them handled, nothing else."""

    def user_can_create(self, user):
        return False


class ErrorReportAdmin(ModelAdmin):
    model = ErrorReport
    menu_label = "Signalements"
    menu_icon = "mail"
    menu_order = 120
    permission_helper_class = ErrorReportPermissionHelper
    list_display = ["received_at", "excerpt", "page_link", "sender", "handled"]
    list_display_add_buttons = "excerpt"
    list_filter = ["handled", "received_at"]
    search_fields = ["message", "page_url", "name", "email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "page_url",
        "message",
        "name",
        "email",
        "handled",
        "editor_note",
    ]

    @admin.display(description="Message")
    def excerpt(self, obj):
        return Truncator(obj.message).chars(90)

    @admin.display(description="Page concernée")
    def page_link(self, obj):
        if not obj.page_url:
            return "—"
        # The path reads better in a narrow column; the link keeps the whole address.
        return format_html('<a href="{}">{}</a>', obj.page_url, urlsplit(obj.page_url).path)

    @admin.display(description="Envoyé par")
    def sender(self, obj):
        return " — ".join(part for part in (obj.name, obj.email) if part) or "Anonyme"


modeladmin_register(ErrorReportAdmin)
