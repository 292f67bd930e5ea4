"""The project's URLs plus the bare Django views the benchmarks use as anchors."""

from django import forms
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
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
    *project_urlpatterns,
]
