from django.db.models import Q

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from cms.core.arrondissements import ARRONDISSEMENT_CHOICES

from .models import Action, Audience, EditorialStatus, Entry, EntryKind


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

    class Meta:
        model = Entry
        fields = ["kind", "status", "audiences", "actions", "arrondissement"]

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.with_editorial_status().filter(editorial_status=value)

    def filter_arrondissement(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(citywide=True) | Q(arrondissements__number=int(value))).distinct()
