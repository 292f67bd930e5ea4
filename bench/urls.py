"""The project's URLs plus the bare Django views the benchmarks use as anchors."""

import json
import uuid

from django import forms
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cms.urls import urlpatterns as project_urlpatterns

# What the API anchor serves: the project's bytes, copied by bench/run.py.
API_RESPONSE = {"body": b"", "content_type": "application/json"}
BARE_TABLE = "bench_bare_answer"


def bare_api(request):
    return HttpResponse(API_RESPONSE["body"], content_type=API_RESPONSE["content_type"])


class BareAnswerForm(forms.Form):
    engagement = forms.CharField(max_length=200)
    confiance = forms.IntegerField(min_value=1, max_value=5)
    proposition = forms.CharField(max_length=2000)
    arrondissement = forms.IntegerField(min_value=1, max_value=20)
    age = forms.CharField(max_length=20)


@csrf_exempt
def bare_answer(request):
    """The floor of an answer: validate 5 fields, insert one row, redirect."""
    form = BareAnswerForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    data = form.cleaned_data
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (engagement, confiance, proposition, arrondissement, age) "  # noqa: S608 -- constant table name
            "VALUES (%s, %s, %s, %s, %s)",
            [
                data["engagement"],
                data["confiance"],
                data["proposition"],
                data["arrondissement"],
                data["age"],
            ],
        )
    return HttpResponseRedirect("/merci/")


ENGAGEMENTS = ["Rendre compte", "Aller vers tou·te·s", "Former"]
TOOLS = ["Budget Participatif", "Conseils de quartier", "Paris Pétition"]
AGES = ["moins-de-18", "18-24", "25-34", "35-49", "50-64", "65-plus"]


class SameAnswerForm(forms.Form):
    """The questions of the bench's consultation (ConsultationFactory) as plain Django
    fields under the names the project's form posts, nothing else."""

    q_engagement = forms.ChoiceField(choices=[(c, c) for c in ENGAGEMENTS])
    q_outils = forms.MultipleChoiceField(choices=[(c, c) for c in TOOLS], required=False)
    q_confiance = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, required=False
    )
    q_proposition = forms.CharField(max_length=50, required=False)
    q_commentaires = forms.CharField(max_length=300, required=False)
    q_arrondissement = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 21)], coerce=int, required=False
    )
    q_age = forms.ChoiceField(choices=[(a, a) for a in AGES], required=False)


@csrf_exempt
def bare_same_answer(request, consultation_id):
    """The floor of the project's answer: the same fields validated by the same kinds of
    Django fields, the same row inserted into the same table (its indexes, its unique
    token) with a raw cursor, a 303. No consultation read, no token, no spam check, no
    rate limit: what the project does beyond this is what the ratio prices."""
    form = SameAnswerForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    data = {
        name[2:]: value for name, value in form.cleaned_data.items() if value not in (None, "", [])
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO consultations_answer (consultation_id, submission_token, submitted_at, "
            "source, meeting_name, data, arrondissement, age_bracket, email, email_consent, "
            "publishable, held, held_reason) "
            "VALUES (%s, %s, %s, 'embed', '', %s, %s, %s, '', false, false, false, '')",
            [
                consultation_id,
                uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(),
                connection.ops.adapt_datetimefield_value(timezone.now()),
                json.dumps(data),
                data.get("arrondissement"),
                data.get("age", ""),
            ],
        )
    response = HttpResponseRedirect("/merci/")
    response.status_code = 303
    return response


def create_bare_table():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id {'SERIAL' if connection.vendor == 'postgresql' else 'INTEGER'} PRIMARY KEY, "
            "engagement varchar(200), confiance integer, proposition text, "
            "arrondissement integer, age varchar(20))"
        )


urlpatterns = [
    path("bench/bare-api/", bare_api),
    path("bench/bare-answer/", bare_answer),
    path("bench/bare-same-answer/<int:consultation_id>/", bare_same_answer),
    *project_urlpatterns,
]
