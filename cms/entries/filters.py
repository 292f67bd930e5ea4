from django.db.models import Q

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from cms.core.arrondissements import ARRONDISSEMENT_CHOICES

from .models import REVIEW_WARNING_DAYS, Action, Audience, EditorialStatus, Entry, EntryKind


class EntryFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="Type", choices=EntryKind.choices, empty_label="Tous")
    audiences = django_filters.ModelMultipleChoiceFilter(
        label="Public", queryset=Audience.objects.all(), distinct=True
    )
    actions = django_filters.ModelMultipleChoiceFilter(
        label="Démarche", queryset=Action.objects.all(), distinct=True
    )
    arrondissement = django_filters.ChoiceFilter(
        label="Arrondissement",
        choices=ARRONDISSEMENT_CHOICES,
        empty_label="Tous",
        method="filter_arrondissement",
        help_text="Entrées qui s'appliquent à cet arrondissement, y compris celles qui concernent tout Paris.",
    )
    status = django_filters.ChoiceFilter(
        label="Statut",
        choices=EditorialStatus.choices,
        empty_label="Tous",
        method="filter_status",
    )
    review = django_filters.ChoiceFilter(
        label="Vérification",
        choices=[
            ("due", f"À revoir (dans les {REVIEW_WARNING_DAYS} jours ou en retard)"),
            ("overdue", "En retard de vérification"),
        ],
        empty_label="Toutes",
        method="filter_review",
        help_text="Entrées dont la date « à revoir avant » approche ou est dépassée.",
    )

    class Meta:
        model = Entry
        fields = ["kind", "status", "audiences", "actions", "arrondissement", "review"]

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.with_editorial_status().filter(editorial_status=value)

    def filter_review(self, queryset, name, value):
        if value == "due":
            return queryset.due_for_review()
        if value == "overdue":
            return queryset.due_for_review(within_days=-1)
        return queryset

    def filter_arrondissement(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(citywide=True) | Q(arrondissements__number=int(value))).distinct()
