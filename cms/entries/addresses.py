"""Web addresses of the guide's content, taken from the page tree.

The guide is an editable Wagtail page (`cms.pages.models.ParticipezPage`): editors may
change its slug, and every link must follow. Entries and sections have no page of their
own; their addresses are routes of that page. This module sits below the pages, so the
pages register the resolver when Django starts (`cms.pages.apps`), and everything else
(entry and section models, the API, the PDF context) asks here:

    guide_url("entry", "acteurs", "conseils-de-quartier")  -> "/<guide>/acteurs/conseils-de-quartier/"
    guide_url("arrondissement", 18)                         -> "/<guide>/arrondissements/18/"

Route names are those of ParticipezPage's routes (its view methods): "landing",
"edito", "section", "entry", "arrondissement_index", "arrondissement",
"fph_directory", "fph_directory_filtered", "finder", "path_page", "search_page".
"""

_resolver = None


def register_resolver(resolver):
    """resolver(route_name, *args) -> site-relative path ("/<guide>/..."), or "" if none."""
    global _resolver
    _resolver = resolver


def guide_url(route_name, *args):
    """The path of one of the guide page's routes; "" before the guide page exists."""
    if _resolver is None:
        return ""
    return _resolver(route_name, *args)
