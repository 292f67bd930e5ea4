"""The answer form of a consultation, built from the questions an editor composed.

One form class serves the page, the embed, the inline block, the JSON endpoint and the
paper entry in the admin, so every channel validates exactly the same way.
"""

import json

from django import forms

from cms.core.arrondissements import ARRONDISSEMENT_CHOICES

from .choices import AGE_BRACKETS, SCALE_VALUES

HONEYPOT_FIELD = "site_web"
TOKEN_FIELD = "jeton"  # noqa: S105 (a form field name, not a secret)
EMAIL_FIELD = "email"
CONSENT_FIELD = "email_consentement"


def field_name(question_id):
    return f"q_{question_id}"


def _required_message(label):
    return f"Répondez à la question « {label} »."


def _choice_messages(label):
    return {
        "required": _required_message(label),
        "invalid_choice": f"Choisissez l'une des réponses proposées à la question « {label} ».",
        "invalid_list": f"Choisissez parmi les réponses proposées à la question « {label} ».",
    }


class LengthLimitedCharField(forms.CharField):
    """A CharField whose too-long message says both the limit and the current length."""

    def __init__(self, *, label, max_length, **kwargs):
        super().__init__(label=label, max_length=max_length, strip=True, **kwargs)
        self.error_messages["required"] = _required_message(label)
        self.error_messages["max_length"] = (
            f"Votre réponse à la question « {label} » doit faire au plus %(limit_value)d "
            "caractères (elle en fait %(show_value)d)."
        )
        self.error_messages["null_characters_not_allowed"] = (
            f"Votre réponse à la question « {label} » contient un caractère invalide."
        )

    @property
    def counted_length(self):
        return self.max_length

    def widget_attrs(self, widget):
        # No maxlength: the browser would cut a pasted answer without a word. A counter
        # (consultations/character-count.js) and the message above say it instead.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _question_field(block_type, value):
    label = value["label"]
    required = bool(value.get("required"))
    common = {"label": label, "required": required, "help_text": value.get("hint") or ""}
    if block_type == "single_choice":
        choices = [(c, c) for c in value["choices"]]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(label),
            **common,
        )
    if block_type == "multiple_choice":
        choices = [(c, c) for c in value["choices"]]
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages=_choice_messages(label),
            **common,
        )
    if block_type == "scale":
        choices = [
            (
                n,
                f"{n} – {value['low_label']}"
                if n == 1
                else f"{n} – {value['high_label']}"
                if n == SCALE_VALUES[-1]
                else str(n),
            )
            for n in SCALE_VALUES
        ]
        return forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(label),
            **common,
        )
    if block_type == "short_text":
        return LengthLimitedCharField(max_length=value.get("max_length") or 200, **common)
    if block_type == "long_text":
        return LengthLimitedCharField(
            max_length=value.get("max_length") or 2000,
            widget=forms.Textarea(attrs={"rows": 6}),
            **common,
        )
    if block_type == "arrondissement":
        return forms.TypedChoiceField(
            choices=[("", "Choisissez un arrondissement"), *ARRONDISSEMENT_CHOICES],
            coerce=int,
            empty_value=None,
            error_messages={
                **_choice_messages(label),
                "invalid_choice": "Choisissez un arrondissement de Paris, du 1er au 20e.",
            },
            **common,
        )
    if block_type == "age_bracket":
        return forms.ChoiceField(
            choices=AGE_BRACKETS,
            widget=forms.RadioSelect,
            error_messages=_choice_messages(label),
            **common,
        )
    raise ValueError(f"Type de question inconnu : {block_type}")


class BaseAnswerForm(forms.Form):
    """Fields shared by every consultation: the token, the honeypot and the email consent."""

    consultation = None
    # (id, type, value) of the questions the fields were built from.
    questions = ()

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get(EMAIL_FIELD)
        consent = cleaned.get(CONSENT_FIELD)
        if EMAIL_FIELD in self.fields:
            if email and not consent:
                self.add_error(
                    CONSENT_FIELD,
                    "Cochez la case de consentement pour que nous gardions votre adresse, "
                    "ou laissez l'adresse vide.",
                )
            elif consent and not email and EMAIL_FIELD not in self.errors:
                self.add_error(
                    EMAIL_FIELD,
                    "Indiquez votre adresse électronique, ou décochez la case de consentement.",
                )
        return cleaned

    def answer_values(self):
        """The JSON-serialisable answers by question id, without empty ones and without the email."""
        data = {}
        for question_id, block_type, _value in self.questions:
            if block_type == "email":
                continue
            value = self.cleaned_data.get(field_name(question_id))
            if value in (None, "", []):
                continue
            data[question_id] = value
        return data

    def special_values(self):
        """Values kept in their own columns so the team can filter on them."""
        arrondissement = age_bracket = None
        for question_id, block_type, _value in self.questions:
            value = self.cleaned_data.get(field_name(question_id))
            if block_type == "arrondissement":
                arrondissement = value
            elif block_type == "age_bracket":
                age_bracket = value
        return {
            "arrondissement": arrondissement,
            "age_bracket": age_bracket or "",
            "email": (self.cleaned_data.get(EMAIL_FIELD) or "")
            if self.cleaned_data.get(CONSENT_FIELD)
            else "",
            "email_consent": bool(
                self.cleaned_data.get(CONSENT_FIELD) and self.cleaned_data.get(EMAIL_FIELD)
            ),
        }

    def error_list(self):
        """(anchor id, message) for the GOV.UK error summary, in the order of the form."""
        items = []
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            widget_id = self[name].id_for_label or f"id_{name}"
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget_id = f"id_{name}_0"
            for message in self.errors[name]:
                items.append((widget_id, message))
        for message in self.non_field_errors():
            items.append(("", message))
        return items


_FORM_CLASSES = {}


class SharedFields(dict):
    """Base fields that form instances share instead of deep-copying them.

    Django copies every field of a form for each instance; with a questionnaire of
    choice fields that copy is most of the cost of receiving an answer. Nothing here
    mutates a field while validating; `views.annotate` copies the few fields whose
    widgets it decorates before rendering."""

    def __deepcopy__(self, memo):
        return dict(self)


def build_form_class(consultation):
    """The form class of this questionnaire, built once per process and version of it."""
    key = (
        consultation.pk,
        json.dumps(consultation.questions.raw_data, sort_keys=True, default=str),
    )
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        if len(_FORM_CLASSES) > 100:
            _FORM_CLASSES.clear()
        # Its methods only read the questions, which the key pins down.
        form_class = _FORM_CLASSES[key] = _build_form_class(consultation)
        form_class.base_fields = SharedFields(form_class.base_fields)
    return form_class


def _build_form_class(consultation):
    fields = {}
    questions = consultation.question_list()
    for question_id, block_type, value in questions:
        if block_type == "email":
            fields[EMAIL_FIELD] = forms.EmailField(
                label=value["label"],
                required=False,
                max_length=254,
                help_text=value.get("hint") or "",
                error_messages={
                    "invalid": "Indiquez une adresse électronique valide, par exemple prenom.nom@exemple.fr.",
                    "max_length": "L'adresse électronique doit faire au plus 254 caractères.",
                },
                widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            )
            fields[CONSENT_FIELD] = forms.BooleanField(label=value["consent_label"], required=False)
            continue
        fields[field_name(question_id)] = _question_field(block_type, value)
    fields[HONEYPOT_FIELD] = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    fields[TOKEN_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    attrs = {**fields, "consultation": consultation, "questions": tuple(questions)}
    return type("ConsultationAnswerForm", (BaseAnswerForm,), attrs)


def describe_value(value):
    """A readable answer for listings: lists joined, everything else as text (escaped by templates)."""
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return "" if value is None else str(value)
