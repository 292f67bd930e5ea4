"""Paris's 20 arrondissements: the one place that knows what a valid number is."""

from django.core.exceptions import ValidationError
from django.db import models

ARRONDISSEMENT_NUMBERS = range(1, 21)


def arrondissement_label(number):
    """French ordinal label: 1er, 2e, ... 20e."""
    return "1er" if number == 1 else f"{number}e"


ARRONDISSEMENT_CHOICES = [
    (n, f"{arrondissement_label(n)} arrondissement") for n in ARRONDISSEMENT_NUMBERS
]


def validate_arrondissement(value):
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value not in ARRONDISSEMENT_NUMBERS:
        raise ValidationError(
            "« %(value)s » n'est pas un arrondissement de Paris : indiquez un nombre de 1 à 20.",
            code="invalid_arrondissement",
            params={"value": value},
        )


class ArrondissementField(models.PositiveSmallIntegerField):
    """A Paris arrondissement number, 1 to 20, with a French error outside that range.

    The choices live on the form field only: model validation then reports our own
    message rather than Django's generic "not a valid choice".
    """

    default_validators = [validate_arrondissement]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "arrondissement")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from django import forms

        choices = [("", "---------")] if self.blank else []
        defaults = {
            "form_class": forms.TypedChoiceField,
            "choices_form_class": forms.TypedChoiceField,
            "choices": choices + ARRONDISSEMENT_CHOICES,
            "coerce": int,
            "empty_value": None,
        }
        defaults.update(kwargs)
        return forms.TypedChoiceField(
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
            required=not self.blank,
            choices=defaults["choices"],
            coerce=int,
            empty_value=None,
        )
