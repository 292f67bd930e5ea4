from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
