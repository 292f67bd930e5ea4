"""Admin for the guide: entries as snippets (drafts, revisions, preview, workflows), a
read-only FPH directory through wagtail-modeladmin (an operational table, edited in its
entry) and the dashboard's list of entries to check again."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import StatusTagColumn, UpdatedAtColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from cms.core.admin import ReadOnlyPermissionHelper

from .filters import EntryFilterSet
from .models import (
    REVIEW_WARNING_DAYS,
    Action,
    Arrondissement,
    Audience,
    EditorialStatus,
    Entry,
    FphFund,
    GuideFrame,
    Section,
)
from .presentation import french_date


class EditorialStatusColumn(StatusTagColumn):
    """Publiée, brouillon en attente, en relecture, programmée or non publiée, as the
    listing's queryset annotated it (EntryQuerySet.with_editorial_status)."""

    def __init__(self, **kwargs):
        super().__init__(
            "editorial_status",
            label="Statut",
            sort_key="editorial_status",
            primary=lambda entry: self.status_of(entry) == EditorialStatus.PUBLISHED,
            **kwargs,
        )

    @staticmethod
    def status_of(entry):
        status = getattr(entry, "editorial_status", None)
        if status is None:  # a row that did not come through the listing's queryset
            status = (
                Entry.objects.filter(pk=entry.pk)
                .with_editorial_status()
                .values_list("editorial_status", flat=True)
                .first()
            )
            entry.editorial_status = status
        return status

    def get_value(self, instance):
        return EditorialStatus(self.status_of(instance)).label


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "doc-full"
    menu_label = "Entrées"
    menu_name = "entries"
    list_display = [
        "title",
        "short_name",
        "kind",
        "group",
        EditorialStatusColumn(),
        UpdatedAtColumn(),
    ]
    list_export = ["title", "short_name", "kind", "slug", "live"]
    filterset_class = EntryFilterSet
    list_per_page = 50
    ordering = ["sort_order"]

    def get_queryset(self, request):
        return Entry.objects.with_editorial_status()


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "list-ol"
    menu_label = "Parties du guide"
    list_display = ["number", "title", "kind"]


class GuideFrameViewSet(SnippetViewSet):
    model = GuideFrame
    icon = "doc-empty-inverse"
    menu_label = "Cadre du guide (édito, clôture)"
    list_display = ["title", "subtitle", "edito_author"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = "Publics"
    list_display = ["label", "code"]


class ActionViewSet(SnippetViewSet):
    model = Action
    icon = "pick"
    menu_label = "Démarches"
    list_display = ["label", "code"]


class FixedRowsPermissionPolicy(ModelPermissionPolicy):
    """The 20 arrondissements exist once each (a migration creates them): editors fill
    them in, nobody adds or deletes one."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Arrondissement, FixedRowsPermissionPolicy(Arrondissement))


class MairieViewSet(SnippetViewSet):
    model = Arrondissement
    icon = "home"
    menu_label = "Mairies d'arrondissement"
    menu_name = "mairies"
    list_display = ["__str__", "mairie_name", "mairie_phone", "mairie_url"]
    ordering = ["number"]
    list_per_page = 20


class GuideViewSetGroup(SnippetViewSetGroup):
    items = (
        EntryViewSet,
        SectionViewSet,
        GuideFrameViewSet,
        AudienceViewSet,
        ActionViewSet,
        MairieViewSet,
    )
    menu_icon = "doc-full-inverse"
    menu_label = "Guide"
    menu_name = "guide"
    menu_order = 100


register_snippet(GuideViewSetGroup)


class FphFundAdmin(ModelAdmin):
    """Who runs which fund, at a glance. Rows are edited inside the FPH entry so that
    every change goes through its drafts, revisions and moderation."""

    model = FphFund
    menu_label = "Annuaire des FPH"
    menu_icon = "table"
    menu_order = 110
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ["place", "fund", "association", "phone_number", "phone_note", "edit_in_entry"]
    list_filter = ["arrondissement", "fund"]
    search_fields = ["association", "quartier"]
    inspect_view_enabled = True
    ordering = ["arrondissement", "sort_order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entry")

    @admin.display(description="Quartier populaire")
    def place(self, obj):
        return obj.place_label

    @admin.display(description="Téléphone")
    def phone_number(self, obj):
        return obj.phone_display

    @admin.display(description="Modification")
    def edit_in_entry(self, obj):
        url = reverse("wagtailsnippets_entries_entry:edit", args=[obj.entry_id])
        return format_html('<a href="{}">Modifier dans l\'entrée « {} »</a>', url, obj.entry.title)


modeladmin_register(FphFundAdmin)


# --- dashboard: entries to check again ------------------------------------------------


def person_label(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def unbroken_date(day):
    """A date that never breaks across lines in a narrow column."""
    return french_date(day).replace(" ", "\u00a0")


def review_label(entry, today):
    """ "En retard depuis le 1er septembre 2018", "À revoir avant le 12 mars 2027"."""
    if entry.review_before is None:
        return "Jamais vérifiée"
    if entry.review_before < today:
        return f"En retard depuis le {unbroken_date(entry.review_before)}"
    if entry.review_before == today:
        return "À revoir aujourd'hui"
    return f"À revoir avant le {unbroken_date(entry.review_before)}"


class ReviewDuePanel(Component):
    """Entries whose "à revoir avant" date is past or within REVIEW_WARNING_DAYS days,
    the most overdue first, with their owner and a link to edit them."""

    name = "entries_review_due"
    order = 120
    template_name = "entries/admin/review_panel.html"
    max_rows = 15

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        due = Entry.objects.due_for_review(today).select_related("owner")
        total = due.count()
        rows = [
            {
                "entry": entry,
                "state": entry.review_state(today),
                "label": review_label(entry, today),
                "verified_on": unbroken_date(entry.verified_on) if entry.verified_on else "",
                "owner": person_label(entry.owner),
                "edit_url": reverse("wagtailsnippets_entries_entry:edit", args=[entry.pk]),
            }
            for entry in due[: self.max_rows]
        ]
        listing = reverse("wagtailsnippets_entries_entry:list")
        return {
            "rows": rows,
            "total": total,
            "more": max(0, total - len(rows)),
            "overdue": sum(1 for entry in due if entry.review_state(today) == "overdue"),
            "listing_url": f"{listing}?review=due",
            "days": REVIEW_WARNING_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if request.user.has_perm("entries.change_entry"):
        panels.append(ReviewDuePanel())
