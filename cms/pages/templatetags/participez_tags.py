"""Template access to the presentation rules of `cms.entries.presentation`.

Templates call these filters instead of spelling a rule out, so the web pages say
exactly what the PDF and the API say.
"""

from django import template

from cms.entries import addresses, presentation

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
