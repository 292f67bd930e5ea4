"""Admin: consultations as snippets (drafts, revisions, preview), answers and spam counts
as wagtail-modeladmin tables (operational records with list filters and an inspect view),
plus the results, exports and paper-entry views."""

from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import InspectView

from . import admin_views
from .forms import describe_value
from .models import Answer, Consultation, SpamCounter


def _tools_link(consultation):
    url = reverse("consultations_admin:tools", args=[consultation.pk])
    return format_html('<a href="{}">Résultats, exports, intégration</a>', url)


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "form"
    menu_label = "Consultations"
    menu_name = "consultations"
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "title",
        Column("state_label", label="État"),
        "opens_at",
        "closes_at",
        Column("tools", label="Outils", accessor=_tools_link),
    ]
    search_fields = ["title"]


register_snippet(ConsultationViewSet)


class AnswerPermissionHelper(PermissionHelper):
    """Answers arrive through the forms (or the paper entry view), never typed raw."""

    def user_can_create(self, user):
        return False


class AnswerInspectView(InspectView):
    """The answers read as the resident gave them: each question, then its answer."""

    def get_field_label(self, field_name, field=None):
        if field_name == "data":
            return "Réponses"
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field=None):
        if field_name != "data":
            return super().get_field_display_value(field_name, field)
        rows = self.instance.answered_questions()
        if not rows:
            return "Aucune réponse aux questions."
        # format_html escapes the resident's text: an answer is never markup.
        return format_html(
            '<dl class="answer-inspect">{}</dl>',
            format_html_join(
                "",
                '<dt style="font-weight:bold;margin-top:.75em">{}</dt><dd style="margin:0">{}</dd>',
                ((label, describe_value(answer) or "—") for label, answer in rows),
            ),
        )


class AnswerAdmin(ModelAdmin):
    model = Answer
    menu_label = "Réponses aux consultations"
    menu_icon = "list-ul"
    menu_order = 210
    add_to_admin_menu = True
    permission_helper_class = AnswerPermissionHelper
    list_display = (
        "pk",
        "consultation",
        "submitted_at",
        "source",
        "arrondissement",
        "age_bracket",
        "held_reason",
        "summary",
    )
    list_filter = ("consultation", "held", "submitted_at", "arrondissement", "source")
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = AnswerInspectView
    inspect_view_fields = [
        "consultation",
        "submitted_at",
        "source",
        "meeting_name",
        "arrondissement",
        "age_bracket",
        "data",
        "email",
        "email_consent",
        "consent_recorded_at",
        "email_purged_at",
        "publishable",
        "held",
        "held_reason",
        "released_at",
    ]
    panels = [FieldPanel("publishable"), FieldPanel("meeting_name")]

    def summary(self, obj):
        # format_html escapes the resident's text: an answer is never markup.
        parts = [describe_value(v) for v in list((obj.data or {}).values())[:3]]
        text = " · ".join(parts)
        return format_html("{}", text[:160] + ("…" if len(text) > 160 else ""))

    summary.short_description = "Aperçu"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultation")


class SpamCounterPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class SpamCounterAdmin(ModelAdmin):
    model = SpamCounter
    menu_label = "Envois indésirables"
    menu_icon = "warning"
    menu_order = 220
    add_to_admin_menu = True
    permission_helper_class = SpamCounterPermissionHelper
    list_display = ("day", "consultation", "reason", "count")
    list_filter = ("consultation", "reason", "day")


modeladmin_register(AnswerAdmin)
modeladmin_register(SpamCounterAdmin)


admin_patterns = [
    path("<int:pk>/", admin_views.tools, name="tools"),
    path("<int:pk>/resultats/", admin_views.results, name="results"),
    path("<int:pk>/export.csv", admin_views.export_csv, name="export_csv"),
    path("<int:pk>/export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/papier/", admin_views.paper_entry, name="paper"),
    path("<int:pk>/mises-de-cote/", admin_views.held, name="held"),
]


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    return [path("consultations-outils/", include((admin_patterns, "consultations_admin")))]
