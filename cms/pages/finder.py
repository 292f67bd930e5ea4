"""The "Comment participer ?" finder: which entries fit who I am, where I live and what I want.

The same rules run in the browser on the static site (static/js/finder.js reads the
search index); keep both in step.
"""

from django import forms

from cms.core.arrondissements import ARRONDISSEMENT_CHOICES
from cms.entries.models import Action, Audience

# Everyone's audience: an entry tagged with it fits every "who I am" answer.
EVERYONE = "all"

# (slug, label, youngest, oldest) — None means no bound.
AGE_GROUPS = [
    ("moins-de-15-ans", "Moins de 15 ans", None, 14),
    ("15-30-ans", "De 15 à 30 ans", 15, 30),
    ("31-59-ans", "De 31 à 59 ans", 31, 59),
    ("60-ans-et-plus", "60 ans et plus", 60, None),
]

# Readable, stable URL segment of each path of the landing page, by Action code.
ACTION_SLUGS = {
    "propose": "je-propose",
    "vote": "je-vote",
    "engage": "je-m-engage",
    "train": "je-me-forme",
    "help": "je-me-fais-accompagner",
}


def action_slug(action):
    return ACTION_SLUGS.get(action.code, action.code)


def age_group_bounds(slug):
    for group_slug, _label, youngest, oldest in AGE_GROUPS:
        if group_slug == slug:
            return youngest, oldest
    return None


def fits_age(entry, youngest, oldest):
    """True when the entry's age range overlaps the age group."""
    if entry.min_age is not None and oldest is not None and entry.min_age > oldest:
        return False
    if entry.max_age is not None and youngest is not None and entry.max_age < youngest:
        return False
    return True


def fits_audience(entry, code):
    codes = {audience.code for audience in entry.audiences.all()}
    return not codes or EVERYONE in codes or code in codes


def find_entries(entries, audience=None, age=None, arrondissement=None, action=None):
    """Filter published entries (already prefetched) by the finder's answers; each is optional."""
    bounds = age_group_bounds(age) if age else None
    matches = []
    for entry in entries:
        if arrondissement and not entry.applies_to(arrondissement):
            continue
        if action and action not in {a.code for a in entry.actions.all()}:
            continue
        if audience and not fits_audience(entry, audience):
            continue
        if bounds and not fits_age(entry, *bounds):
            continue
        matches.append(entry)
    return matches


class FinderForm(forms.Form):
    public = forms.ChoiceField(label="Je suis", required=False)
    age = forms.ChoiceField(
        label="Mon âge",
        required=False,
        choices=[("", "Tous les âges")] + [(slug, label) for slug, label, *_ in AGE_GROUPS],
    )
    arrondissement = forms.TypedChoiceField(
        label="J'habite ou je suis actif·ve dans le",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tout Paris")] + ARRONDISSEMENT_CHOICES,
    )
    demarche = forms.ChoiceField(label="Je veux", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public"].choices = [("", "Peu importe")] + [
            (a.code, a.label) for a in Audience.objects.exclude(code=EVERYONE)
        ]
        self.fields["demarche"].choices = [("", "Tout voir")] + [
            (a.code, a.label) for a in Action.objects.all()
        ]

    @property
    def is_answered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def results(self, entries):
        data = self.cleaned_data
        return find_entries(
            entries,
            audience=data.get("public") or None,
            age=data.get("age") or None,
            arrondissement=data.get("arrondissement"),
            action=data.get("demarche") or None,
        )
