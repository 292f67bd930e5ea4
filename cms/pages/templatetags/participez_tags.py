"""Template access to the presentation rules of `cms.entries.presentation`.

Templates call these filters instead of spelling a rule out, so the web pages say
exactly what the PDF and the API say.
"""

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from cms.core.snapshot import memo
from cms.entries import addresses, presentation
from cms.entries.published import related
from cms.pages import fragments

register = template.Library()


@register.filter
def fund_name(fund):
    """The fund's full name without its acronym: "Fonds de Participation des Habitants"."""
    return fund.get_fund_display().split(" — ", 1)[-1]


@register.filter
def resolve_contact(contact, arrondissement):
    """conseilcitoyenXX@gmail.com for arrondissement 18: conseilcitoyen18@gmail.com."""
    return contact.resolve(arrondissement)


@register.filter
def rows(entry, name):
    """{{ entry|rows:"contacts" }}: entry.contacts.all, from what the publish's snapshot
    read (published.related), without a new manager and queryset per list and page. A
    draft in preview has no snapshot: its own rows, as .all gives them."""
    return related(entry, name)


@register.filter
def age_label(entry):
    return presentation.age_label(entry)


@register.filter
def excerpt(entry, words=presentation.EXCERPT_WORDS):
    return presentation.excerpt(entry, int(words))


@register.filter
def updated_label(entry):
    """ "Mis à jour le 1er septembre 2017" (presentation.updated_on decides which date)."""
    return presentation.updated_label(entry)


@register.filter
def french_date(day):
    """ "12 mars 2017"."""
    return presentation.french_date(day)


@register.filter
def ordinal(number):
    """18 -> "18e", 1 -> "1er"."""
    return presentation.ordinal(number)


@register.filter
def ordinal_suffix(number):
    """The superscript part of the ordinal: "er" or "e"."""
    return presentation.ordinal(number).removeprefix(str(number))


@register.simple_tag
def guide_url(route_name, *args):
    """The address of one of the guide page's routes: {% guide_url "arrondissement" 18 %}.

    Taken from the page tree (the guide page's reverse_subpage), so renaming the guide
    page in the admin moves every link.
    """
    return addresses.guide_url(route_name, *args)


@register.simple_tag
def asset(path):
    """{% static %}, computed once per content snapshot: each page of a publish asks for
    the same files (the frame's stylesheet, icon and script), 0.1 ms a page."""
    return memo(("static", path), lambda: static(path))


class OnceNode(template.Node):
    # Not walked by get_nodes_by_type(): {% extends %} walks the whole base template for
    # its blocks on every page it renders, and the frame's parts kept by {% once %} (the
    # header, the footer) hold most of its nodes. A {% block %} inside {% once %} could
    # not be overridden anyway: the first page's rendering is kept for all.
    child_nodelists = ()

    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        values = tuple(value.resolve(context) for value in self.vary_on)
        return fragments.once(context, values, lambda: self.nodelist.render(context))


@register.tag
def once(parser, token):
    """{% once "entry-card" entry.pk level %}…{% endonce %}: rendered once per content
    version for each value of its arguments (cms.pages.fragments), which name everything
    the content depends on besides the published content and the code."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% once %} needs a name and what the content varies on."
        )
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


def _list_once(context, name, template_name, items, keys, **bound):
    """The items of a long list, each rendered by `template_name` (with `item` and `bound`
    in its context) once per content version for each of its `keys`, and the whole list
    once for the tuple of keys: lists of hundreds of entries (the finder's results, an
    arrondissement's page) cost more in a template loop than in their items, and most of
    their items read the same on many pages. On the live site the list is one cache read
    (its items are kept in a publish only)."""
    template = context.template.engine.get_template(template_name)

    if len(items) != len(keys):
        raise ValueError(f"{name}: {len(items)} items for {len(keys)} keys")

    def render_item(i):
        with context.push(item=items[i], **bound):
            return template.render(context)

    def render_list():
        return "".join(fragments.once_each(context, name, keys, render_item))

    return mark_safe(fragments.once(context, (f"{name}-list", tuple(keys)), render_list))  # noqa: S308 -- rendered by our templates, escaped there


@register.simple_tag(takes_context=True)
def finder_cards(context, group):
    """The cards of one group of the finder's results ("Près de chez vous"…); a result's
    `card` names everything its card varies on (cms.pages.finder)."""
    keys = [result.card for result in group.results]
    return _list_once(
        context, "finder-result", "pages/_finder_card.html", group.results, keys, group=group
    )


ARRONDISSEMENT_ITEMS = {
    "nearby": "pages/_arrondissement_nearby.html",
    "mairie": "pages/_arrondissement_mairie.html",
    "citywide": "pages/_arrondissement_citywide.html",
}


@register.simple_tag(takes_context=True)
def arrondissement_items(context, kind, items):
    """One list of an arrondissement's page (LocalEntry items of arrondissement_digest):
    an item varies on its entry and what it shows of its contacts and funds, so a
    Paris-wide entry's item is rendered once for the twenty arrondissements."""
    label = context.get("label")
    keys = [
        (
            kind,
            item.entry.pk,
            presentation.shown_contacts(item.contacts),
            len(item.funds),
            label if item.funds else None,
        )
        for item in items
    ]
    return _list_once(context, "arrondissement-item", ARRONDISSEMENT_ITEMS[kind], items, keys)


@register.simple_tag(takes_context=True)
def current_menu_item(context):
    """The page's address when it is an item of the main menu, else "": all the shared
    header varies on ({% once %} in base.html), so every other page reuses one header."""
    request = context.get("request")
    chrome = context.get("chrome")
    if request is None or not chrome:
        return ""
    menu = {addresses.guide_url("finder"), addresses.guide_url("arrondissement_index")}
    menu.update(url for _label, url in chrome["nav"])
    return request.path if request.path in menu else ""
