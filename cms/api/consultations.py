"""The consultations/ endpoint: metadata, state and questions of published consultations;
results only once the restitution is published (closed, and results_published).

Individual answers never leave the database through the API: only the counts and the
quotations an editor marked publishable, exactly what /participez/consultations/<slug>/
resultats/ shows.
"""

from django.apps import apps
from django.db import connection
from django.utils import timezone
from django.utils.functional import cached_property

from .endpoints import GuideAPIViewSet, parse_choice
from .presenters import absolute, api_url, rich_text

CONSULTATION_FIELDS = (
    "title",
    "slug",
    "introduction",
    "opens_at",
    "closes_at",
    "state",
    "state_label",
    "questions",
    "privacy_notice",
    "embed_url",
    "answers_url",
    "results_published",
    "restitution_text",
    "results",
)


def installed():
    return apps.is_installed("cms.consultations")


def published_consultations():
    from cms.consultations.models import Consultation

    now = timezone.now()
    return list(
        Consultation.objects.filter(live=True)
        .exclude(expire_at__lte=now)
        .order_by("-opens_at", "pk")
    )


def version_sql_parts():
    """What changes consultations/ without a revision: time (opening, closing, expiry)
    and, once results are public, new paper answers and quotations marked publishable."""
    if not installed():
        return []
    from .caching import table_aggregate

    now = timezone.now()
    consultation = apps.get_model("consultations", "Consultation")._meta.db_table

    visible = (
        f"SELECT id FROM {connection.ops.quote_name(consultation)} "  # noqa: S608
        "WHERE live = %s AND results_published = %s AND closes_at <= %s"
    )
    live_count = "SUM(CASE WHEN live = %s AND {} <= %s THEN 1 ELSE 0 END)"
    return [
        *(
            (table_aggregate("consultations.Consultation", live_count.format(column)), [True, now])
            for column in ("opens_at", "closes_at", "expire_at")
        ),
        (
            table_aggregate(
                "consultations.Answer",
                "COUNT(*) * 100003 + SUM(CASE WHEN publishable THEN 1 ELSE 0 END)",
                f"WHERE consultation_id IN ({visible})",
            ),
            [True, True, now],
        ),
    ]


def question_list(consultation):
    from cms.consultations.api import question_schema

    return question_schema(consultation)


def results_dict(consultation):
    from cms.consultations.results import public_results

    results = public_results(consultation)
    return {
        "total": results["total"],
        "online": results["online"],
        "paper": results["paper"],
        "questions": [
            {
                "id": question.id,
                "label": question.label,
                "type": question.type,
                "answered": question.answered,
                "answered_online": question.answered_online,
                "answered_paper": question.answered_paper,
                "options": question.rows(),
            }
            for question in results["questions"]
        ],
        "quotes": results["quotes"],
    }


class ConsultationsAPIViewSet(GuideAPIViewSet):
    """Published consultations of residents."""

    name = "consultations"
    body_field_names = CONSULTATION_FIELDS
    listing_default_field_names = ("title", "slug", "opens_at", "closes_at", "state")
    filter_parameters = frozenset(["state"])
    orderings = {
        "opens_at": lambda c: c.opens_at,
        "closes_at": lambda c: c.closes_at,
        "title": lambda c: c.title.casefold(),
        "id": lambda c: c.pk,
    }

    @classmethod
    def model_class(cls):
        return apps.get_model("consultations", "Consultation")

    @cached_property
    def consultations(self):
        return published_consultations()

    def parse_filters(self, request):
        from cms.consultations.models import ConsultationState

        return {"state": parse_choice(request, "state", set(ConsultationState.values))}

    def get_items(self, filters):
        return [
            c for c in self.consultations if not filters["state"] or c.state() == filters["state"]
        ]

    def haystack(self, consultation):
        return consultation.title

    def get_item(self, pk):
        return next((c for c in self.consultations if c.pk == pk), None)

    def present(self, consultation):
        visible = consultation.restitution_visible
        path = consultation.get_url_path()
        return {
            "id": consultation.pk,
            "meta": {
                "type": "consultations.Consultation",
                "detail_url": api_url(self.request, f"/api/v2/consultations/{consultation.pk}/"),
                "html_url": absolute(path),
            },
            "title": consultation.title,
            "slug": consultation.slug,
            "introduction": rich_text(consultation.introduction),
            "opens_at": consultation.opens_at.isoformat(),
            "closes_at": consultation.closes_at.isoformat(),
            "state": str(consultation.state()),
            "state_label": consultation.state_label,
            "questions": question_list(consultation),
            "privacy_notice": rich_text(consultation.privacy_notice),
            "embed_url": consultation.embed_url,
            "answers_url": absolute(f"{path}answers.json"),
            "results_published": visible,
            "restitution_text": rich_text(consultation.restitution_text) if visible else None,
            "results": results_dict(consultation) if visible else None,
        }


def register(router):
    if installed():
        ConsultationsAPIViewSet.model = ConsultationsAPIViewSet.model_class()
        router.register_endpoint("consultations", ConsultationsAPIViewSet)


def extend_openapi(document):
    """Add consultations/ to the OpenAPI document when the app is installed."""
    if not installed():
        return document
    from cms.consultations.models import ConsultationState

    from . import openapi as o

    schemas = document["components"]["schemas"]
    choice = {
        "anyOf": [
            o.STRING,
            o.INTEGER,
            o.obj({"value": o.STRING, "label": o.STRING}, required=["value", "label"]),
        ]
    }
    schemas["Question"] = o.obj(
        {
            "id": o.STRING,
            "type": o.STRING,
            "label": o.STRING,
            "hint": o.STRING,
            "required": {"type": "boolean"},
            "consent_label": o.STRING,
            "choices": {"type": "array", "items": choice},
            "low_label": o.STRING,
            "high_label": o.STRING,
            "max_length": o.INTEGER,
        },
        required=["id", "type", "label", "hint", "required"],
    )
    count = {"type": "integer", "minimum": 0}
    pct = {"type": "number", "minimum": 0, "maximum": 100}
    schemas["ConsultationResults"] = o.obj(
        {
            "total": count,
            "online": count,
            "paper": count,
            "questions": {
                "type": "array",
                "items": o.obj(
                    {
                        "id": o.STRING,
                        "label": o.STRING,
                        "type": o.STRING,
                        "answered": count,
                        "answered_online": count,
                        "answered_paper": count,
                        "options": {
                            "type": "array",
                            "items": o.obj(
                                {
                                    "label": o.STRING,
                                    "online": count,
                                    "online_pct": pct,
                                    "paper": count,
                                    "paper_pct": pct,
                                    "total": count,
                                    "total_pct": pct,
                                },
                                required=[
                                    "label",
                                    "online",
                                    "online_pct",
                                    "paper",
                                    "paper_pct",
                                    "total",
                                    "total_pct",
                                ],
                            ),
                        },
                    },
                    required=[
                        "id",
                        "label",
                        "type",
                        "answered",
                        "answered_online",
                        "answered_paper",
                        "options",
                    ],
                ),
            },
            "quotes": {
                "type": "array",
                "description": "Réponses libres que la rédaction a choisi de publier.",
                "items": o.obj(
                    {"question": o.STRING, "text": o.STRING}, required=["question", "text"]
                ),
            },
        },
        required=["total", "online", "paper", "questions", "quotes"],
    )
    schemas["ConsultationItem"] = o.item_schema(
        o.item_meta("consultations.Consultation"),
        {
            "title": o.STRING,
            "slug": o.STRING,
            "introduction": o.HTML,
            "opens_at": {"type": "string", "format": "date-time"},
            "closes_at": {"type": "string", "format": "date-time"},
            "state": {"enum": ConsultationState.values},
            "state_label": o.STRING,
            "questions": {"type": "array", "items": o.ref("Question")},
            "privacy_notice": o.HTML,
            "embed_url": o.URL,
            "answers_url": {
                **o.URL,
                "description": "Questionnaire et envoi des réponses en JSON (hors de /api/v2/).",
            },
            "results_published": {
                "type": "boolean",
                "description": "Vrai quand la consultation est terminée et sa restitution publiée.",
            },
            "restitution_text": o.nullable(o.HTML),
            "results": o.nullable(o.ref("ConsultationResults")),
        },
        "Une consultation publiée ; les résultats seulement une fois la restitution publiée.",
    )
    schemas["ConsultationListing"] = o.listing(o.ref("ConsultationItem"))
    orderings = list(ConsultationsAPIViewSet.orderings)
    document["paths"]["/api/v2/consultations/"] = o.operation(
        "Consultations",
        "Consultations publiées : à venir, ouvertes ou terminées.",
        [
            *o.common_parameters(orderings, CONSULTATION_FIELDS),
            o.query("state", {"enum": ConsultationState.values}, "État de la consultation."),
        ],
        o.ref("ConsultationListing"),
        "guide",
    )
    document["paths"]["/api/v2/consultations/{id}/"] = o.operation(
        "Une consultation",
        "Métadonnées, état, questions ; résultats une fois publiés.",
        [o.ID, o.detail_fields(CONSULTATION_FIELDS)],
        o.ref("ConsultationItem"),
        "guide",
        detail=True,
    )
    # The JSON answer endpoint lives with the consultations; its description too.
    from cms.consultations.openapi import extend as extend_with_answers

    extend_with_answers(document)
    return document
