"""`{% load typography %}{{ value|typographie }}`: French typography at render time."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from cms.entries.typography import typographie as apply_typography

register = template.Library()


@register.filter(is_safe=True)
def typographie(value):
    """Plain text is escaped first; HTML marked safe (rich text) keeps its markup."""
    if value is None or value == "":
        return value
    return mark_safe(apply_typography(conditional_escape(value)))  # noqa: S308 - escaped above
