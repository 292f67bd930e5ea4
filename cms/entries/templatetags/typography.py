"""`{% load typography %}{{ value|typographie }}`: French typography at render time."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wagtail.rich_text import RichText, expand_db_html

from cms.entries.typography import typographie as apply_typography
from cms.entries.typography import typographie_texte as apply_plain_typography

register = template.Library()


@register.filter(is_safe=True)
def typographie(value):
    """Plain text is escaped first; HTML marked safe (rich text) keeps its markup."""
    if value is None or value == "":
        return value
    return mark_safe(apply_typography(conditional_escape(value)))  # noqa: S308 - escaped above


@register.filter(is_safe=True)
def texte_riche(value):
    """A rich text field as residents read it: `|richtext|typographie` in one filter.
    Wagtail's `richtext` renders a template around each text ({{ html|safe }}); an entry
    page has up to four of them, and a publish thousands of entry pages."""
    if not value:
        return ""
    # A StreamField's rich text (RichText) is expanded already.
    html = str(value) if isinstance(value, RichText) else expand_db_html(str(value))
    return mark_safe(apply_typography(html))  # noqa: S308 - the editor's rich text, as richtext gives it


@register.filter(is_safe=False)
def typographie_texte(value):
    """Plain text in, plain text out (a <title>, an attribute): no <sup> added."""
    if value is None or value == "":
        return value
    return apply_plain_typography(str(value))
