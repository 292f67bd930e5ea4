"""The filters of the guide's endpoints, as django-filter filter sets.

A filter set validates its query parameters (a French 400 names the parameter and the
form's message) and narrows a queryset; drf-spectacular documents each filter.
"""

from django import forms

import django_filters as filters

from cms.entries.models import Action, Audience, Entry, EntryKind, FphFund, FundType

from .errors import ApiError


class ArrondissementFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=20, **kwargs)


class EntryFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=EntryKind.choices, label="Partie du guide.")
    audience = filters.ModelChoiceFilter(
        field_name="audiences",
        to_field_name="code",
        queryset=Audience.objects.all(),
        label="Public (code).",
    )
    action = filters.ModelChoiceFilter(
        field_name="actions",
        to_field_name="code",
        queryset=Action.objects.all(),
        label="Démarche (code).",
    )
    arrondissement = ArrondissementFilter(
        method="filter_arrondissement",
        label="Entrées qui s'appliquent dans cet arrondissement (y compris celles de tout Paris).",
    )
    slug = filters.CharFilter(label="Adresse web de l'entrée.")

    class Meta:
        model = Entry
        fields = ["kind", "audience", "action", "arrondissement", "slug"]

    def filter_arrondissement(self, queryset, name, value):
        return queryset.in_arrondissement(value)


class FphFilterSet(filters.FilterSet):
    arrondissement = ArrondissementFilter(label="Numéro d'arrondissement, de 1 à 20.")
    fund = filters.ChoiceFilter(choices=FundType.choices, label="Nom du fonds.")

    class Meta:
        model = FphFund
        fields = ["arrondissement", "fund"]


def filtered_pks(filterset_class, request, queryset):
    """The primary keys the request's filters keep, or a French 400."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        name, messages = next(iter(filterset.errors.items()))
        raise ApiError(f"Valeur invalide pour « {name} » : {' '.join(messages)}")
    return set(filterset.qs.values_list("pk", flat=True))
