from django import template

register = template.Library()


@register.filter
def fund_name(fund):
    """The fund's full name without its acronym: "Fonds de Participation des Habitants"."""
    return fund.get_fund_display().split(" — ", 1)[-1]


@register.filter
def resolve_contact(contact, arrondissement):
    return contact.resolve(arrondissement)
