"""The consultations/ endpoint: metadata, state and questions of published consultations;
results only once the restitution is published (closed, and results_published).

Individual answers never leave the database through the API: only the counts and the
quotations an editor marked publishable, exactly what the consultation's
resultats/ page shows.
"""

from django.utils import timezone
from django.utils.functional import cached_property

import django_filters as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.consultations.answers_json import question_schema
from cms.consultations.models import Consultation, ConsultationState
from cms.consultations.results import public_results
from cms.entries.typography import typographie

from .endpoints import GuideAPIViewSet
from .filters import filtered_pks
from .serializers import (
    FieldsSerializer,
    TypographicHtmlField,
    TypographicTextField,
    absolute,
    api_url,
    rich_text,
)


def published_consultations():
    now = timezone.now()
    return list(
        Consultation.objects.filter(live=True)
        .exclude(expire_at__lte=now)
        .order_by("-opens_at", "pk")
    )


class ResultOptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    online = serializers.IntegerField(min_value=0)
    online_pct = serializers.FloatField(min_value=0, max_value=100)
    paper = serializers.IntegerField(min_value=0)
    paper_pct = serializers.FloatField(min_value=0, max_value=100)
    total = serializers.IntegerField(min_value=0)
    total_pct = serializers.FloatField(min_value=0, max_value=100)


class ResultQuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    type = serializers.CharField()
    answered = serializers.IntegerField(min_value=0)
    answered_online = serializers.IntegerField(min_value=0)
    answered_paper = serializers.IntegerField(min_value=0)
    options = ResultOptionSerializer(many=True, source="rows")


class QuoteSerializer(serializers.Serializer):
    question = serializers.CharField()
    text = serializers.CharField()


class ConsultationResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0)
    online = serializers.IntegerField(min_value=0)
    paper = serializers.IntegerField(min_value=0)
    questions = ResultQuestionSerializer(many=True)
    quotes = QuoteSerializer(
        many=True, help_text="Réponses libres que la rédaction a choisi de publier."
    )


class ConsultationMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_type(self, consultation) -> str:
        return "consultations.Consultation"

    def get_detail_url(self, consultation) -> str:
        return api_url(self, f"/api/v2/consultations/{consultation.pk}/")

    def get_html_url(self, consultation) -> str:
        return absolute(consultation.get_url_path())


class ConsultationSerializer(FieldsSerializer):
    """A published consultation; results only once the restitution is published."""

    id = serializers.IntegerField(source="pk")
    meta = ConsultationMetaSerializer(source="*")
    title = TypographicTextField()
    slug = serializers.CharField()
    introduction = TypographicHtmlField()
    opens_at = serializers.SerializerMethodField()
    closes_at = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    state_label = serializers.CharField()
    questions = serializers.SerializerMethodField()
    privacy_notice = TypographicHtmlField()
    embed_url = serializers.CharField()
    answers_url = serializers.SerializerMethodField(
        help_text="Questionnaire et envoi des réponses en JSON (hors de /api/v2/)."
    )
    results_published = serializers.BooleanField(
        source="restitution_visible",
        help_text="Vrai quand la consultation est terminée et sa restitution publiée.",
    )
    restitution_text = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    def get_opens_at(self, consultation) -> str:
        return consultation.opens_at.isoformat()

    def get_closes_at(self, consultation) -> str:
        return consultation.closes_at.isoformat()

    def get_state(self, consultation) -> str:
        return str(consultation.state())

    def get_questions(self, consultation) -> list:
        return question_schema(consultation)

    def get_answers_url(self, consultation) -> str:
        return absolute(f"{consultation.get_url_path()}answers.json")

    def get_restitution_text(self, consultation) -> str | None:
        if not consultation.restitution_visible:
            return None
        return typographie(rich_text(consultation.restitution_text))

    @extend_schema_field(ConsultationResultsSerializer(allow_null=True))
    def get_results(self, consultation):
        if not consultation.restitution_visible:
            return None
        return ConsultationResultsSerializer(public_results(consultation)).data


class ConsultationFilterSet(filters.FilterSet):
    """?state= is computed from the dates, not stored: checked here, applied in Python."""

    state = filters.ChoiceFilter(
        choices=ConsultationState.choices, method="keep", label="État de la consultation."
    )

    class Meta:
        model = Consultation
        fields = ["state"]

    def keep(self, queryset, name, value):
        return queryset


class ConsultationsAPIViewSet(GuideAPIViewSet):
    """Published consultations of residents."""

    name = "consultations"
    model = Consultation
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet
    listing_default_field_names = ("title", "slug", "opens_at", "closes_at", "state")
    orderings = {
        "opens_at": lambda c: c.opens_at,
        "closes_at": lambda c: c.closes_at,
        "title": lambda c: c.title.casefold(),
        "id": lambda c: c.pk,
    }

    @cached_property
    def consultations(self):
        return published_consultations()

    def get_items(self):
        filtered_pks(self.filterset_class, self.request, Consultation.objects.none())
        state = self.request.GET.get("state")
        return [c for c in self.consultations if not state or c.state() == state]

    def haystack(self, consultation):
        return consultation.title

    def get_item(self, pk):
        return next((c for c in self.consultations if c.pk == pk), None)
