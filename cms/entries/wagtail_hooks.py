"""Admin for the guide: entries as snippets (drafts, revisions, preview, workflows) and a
read-only FPH directory through wagtail-modeladmin (an operational table, edited in its entry)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.ui.tables import StatusTagColumn, UpdatedAtColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from cms.core.admin import ReadOnlyPermissionHelper

from .filters import EntryFilterSet
from .models import (
    Action,
    Arrondissement,
    Audience,
    EditorialStatus,
    Entry,
    FphFund,
    GuideFrame,
    Section,
)


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
