"""Template access to the presentation rules of `cms.entries.presentation`.

Templates call these filters instead of spelling a rule out, so the web pages say
exactly what the PDF and the API say.
"""

from django import template

from cms.entries import addresses, presentation
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


class OnceNode(template.Node):
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
