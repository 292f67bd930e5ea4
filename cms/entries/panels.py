"""Admin panels of the entries that are not plain fields."""

from django.utils.html import format_html, format_html_join

from wagtail.admin.panels import Panel

from .typography import style_warnings


class EditorialStylePanel(Panel):
    """What the editorial style check found in the entry as last saved: mixed
    inclusive-writing styles, key figures that are years. It informs, never blocks."""

    class BoundPanel(Panel.BoundPanel):
        def warnings(self):
            entry = self.instance
            if entry is None or entry.pk is None:
                return []
            texts = [entry.title, entry.summary, entry.for_whom, entry.why, entry.how]
            figures = [figure.text for figure in entry.key_figures.all()]
            return style_warnings(texts, figures)

        def is_shown(self):
            return bool(self.warnings())

        def render_html(self, parent_context=None):
            items = format_html_join("", "<li>{}</li>", ((w,) for w in self.warnings()))
            return format_html(
                '<div class="help-block help-warning"><p><strong>Relecture éditoriale</strong>'
                " (rien n'est bloqué, le texte saisi est conservé ; la typographie française"
                " est appliquée à l'affichage)</p><ul>{}</ul></div>",
                items,
            )
