"""factory_boy factories for tests: a consultation with one question of every type."""

import datetime

from django.utils import timezone

import factory

from cms.core.factories import RevisionedModelFactory

from .models import Consultation

QUESTIONS = [
    {
        "type": "single_choice",
        "id": "engagement",
        "value": {
            "label": "Quel engagement en priorité ?",
            "hint": "",
            "required": True,
            "choices": ["Rendre compte", "Aller vers tou·te·s", "Former"],
        },
    },
    {
        "type": "multiple_choice",
        "id": "outils",
        "value": {
            "label": "Quels outils connaissez-vous ?",
            "hint": "Plusieurs réponses possibles.",
            "required": False,
            "choices": ["Budget Participatif", "Conseils de quartier", "Paris Pétition"],
        },
    },
    {
        "type": "scale",
        "id": "confiance",
        "value": {
            "label": "Votre avis est-il pris en compte ?",
            "hint": "",
            "required": False,
            "low_label": "Pas du tout",
            "high_label": "Tout à fait",
        },
    },
    {
        "type": "short_text",
        "id": "proposition",
        "value": {"label": "Votre proposition", "hint": "", "required": False, "max_length": 50},
    },
    {
        "type": "long_text",
        "id": "commentaires",
        "value": {"label": "Vos commentaires", "hint": "", "required": False, "max_length": 300},
    },
    {
        "type": "arrondissement",
        "id": "arrondissement",
        "value": {"label": "Votre arrondissement", "hint": "", "required": False},
    },
    {
        "type": "age_bracket",
        "id": "age",
        "value": {"label": "Votre tranche d'âge", "hint": "", "required": False},
    },
    {
        "type": "email",
        "id": "email",
        "value": {
            "label": "Votre adresse électronique (facultatif)",
            "hint": "",
            "consent_label": "J'accepte d'être recontacté·e au sujet de cette consultation.",
        },
    },
]


class ConsultationFactory(RevisionedModelFactory):
    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Consultation de test {n}")
    slug = factory.Sequence(lambda n: f"consultation-de-test-{n}")
    introduction = "<p>Donnez votre avis.</p>"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    questions = factory.LazyFunction(lambda: [dict(q) for q in QUESTIONS])
    thank_you_text = "<p>Merci pour votre participation !</p>"
    privacy_notice = "<p>Vos réponses sont anonymes.</p>"
