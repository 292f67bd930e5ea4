"""`{% load typography %}{{ value|typographie }}`: French typography at render time."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from cms.entries.typography import typographie as apply_typography
from cms.entries.typography import typographie_texte as apply_plain_typography

register = template.Library()


@register.filter(is_safe=True)
def typographie(value):
    """Plain text is escaped first; HTML marked safe (rich text) keeps its markup."""
    if value is None or value == "":
        return value
    return mark_safe(apply_typography(conditional_escape(value)))  # noqa: S308 - escaped above


@register.filter(is_safe=False)
def typographie_texte(value):
    """Plain text in, plain text out (a <title>, an attribute): no <sup> added."""
    if value is None or value == "":
        return value
    return apply_plain_typography(str(value))
