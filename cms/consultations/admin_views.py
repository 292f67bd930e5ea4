"""Admin views for the City's team: the tools page of a consultation (embed code, links),
results, exports and the entry of paper answers collected at meetings."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label

from . import submissions
from .choices import AGE_BRACKETS
from .exports import csv_response, xlsx_response
from .forms import build_form_class, describe_value
from .models import Answer, Consultation
from .protection import issue_token
from .results import compute_results
from .views import annotate


def _consultation(request, pk, perm="consultations.view_answer"):
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Consultation, pk=pk)


def tools(request, pk):
    consultation = _consultation(request, pk)
    return render(
        request,
        "consultations/admin/tools.html",
        {
            "consultation": consultation,
            "answer_count": consultation.answers.counted().count(),
            "paper_count": consultation.answers.counted().filter(source="paper").count(),
            "held_count": consultation.answers.held_aside().count(),
        },
    )


class ResultsFilterForm(forms.Form):
    arrondissement = forms.TypedChoiceField(
        label="Arrondissement",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Tous"), *[(n, arrondissement_label(n)) for n in ARRONDISSEMENT_NUMBERS]],
    )
    age_bracket = forms.ChoiceField(label="Tranche d'âge", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_bracket"].choices = [("", "Toutes"), *AGE_BRACKETS]


def results(request, pk):
    consultation = _consultation(request, pk)
    answers = consultation.answers.counted()
    filters = ResultsFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["arrondissement"]:
            answers = answers.filter(arrondissement=filters.cleaned_data["arrondissement"])
        if filters.cleaned_data["age_bracket"]:
            answers = answers.filter(age_bracket=filters.cleaned_data["age_bracket"])
    return render(
        request,
        "consultations/admin/results.html",
        {
            "consultation": consultation,
            "results": compute_results(consultation, answers),
            "filters": filters,
        },
    )


def held(request, pk):
    """Answers held aside as possibly automatic: the analyst reads them and releases the
    real ones, which then count in results and exports like any other."""
    consultation = _consultation(request, pk, perm="consultations.change_answer")
    answers = consultation.answers.held_aside().order_by("submitted_at", "pk")
    if request.method == "POST":
        chosen = (
            answers
            if request.POST.get("tout")
            else answers.filter(
                pk__in=[value for value in request.POST.getlist("reponse") if value.isdigit()]
            )
        )
        released = 0
        for answer in chosen:
            answer.release()
            released += 1
        if released:
            messages.success(
                request,
                f"{released} réponse{'s' if released > 1 else ''} libérée{'s' if released > 1 else ''} : "
                f"désormais comptée{'s' if released > 1 else ''} dans les résultats et les exports.",
            )
        else:
            messages.warning(request, "Aucune réponse choisie.")
        return redirect(reverse("consultations_admin:held", args=[pk]))
    rows = [
        (answer, " · ".join(describe_value(v) for v in (answer.data or {}).values())[:300])
        for answer in answers[:500]
    ]
    return render(
        request,
        "consultations/admin/held.html",
        {"consultation": consultation, "rows": rows, "held_count": answers.count()},
    )


def _export_name(consultation):
    return f"reponses-{consultation.slug}-{timezone.localdate():%Y-%m-%d}"


def export_csv(request, pk):
    consultation = _consultation(request, pk)
    return csv_response(consultation, consultation.answers.counted(), _export_name(consultation))


def export_xlsx(request, pk):
    consultation = _consultation(request, pk)
    return xlsx_response(consultation, consultation.answers.counted(), _export_name(consultation))


class MeetingForm(forms.Form):
    meeting_name = forms.CharField(
        label="Réunion",
        max_length=200,
        help_text="Le nom et le lieu de la réunion où la réponse papier a été recueillie.",
        error_messages={"required": "Indiquez la réunion où cette réponse a été recueillie."},
    )
    meeting_date = forms.DateField(
        label="Date de la réunion",
        required=False,
        help_text="Facultatif (JJ/MM/AAAA) : sans date, la réponse est datée du jour de la saisie.",
        error_messages={"invalid": "Indiquez une date au format JJ/MM/AAAA."},
    )


def paper_entry(request, pk):
    """Typing in a paper questionnaire: the same form and validation as online, source=paper."""
    consultation = _consultation(request, pk, perm="consultations.add_answer")
    form_class = build_form_class(consultation)
    if request.method == "POST":
        meeting = MeetingForm(request.POST, prefix="reunion")
        if meeting.is_valid():
            outcome = submissions.submit(
                request,
                consultation,
                request.POST,
                "paper",
                meeting_name=meeting.cleaned_data["meeting_name"],
                check_spam=False,
            )
            if outcome.accepted:
                _date_answer(outcome.answer_uuid, meeting.cleaned_data["meeting_date"])
                messages.success(
                    request, "Réponse papier enregistrée. Vous pouvez saisir la suivante."
                )
                url = reverse("consultations_admin:paper", args=[pk])
                return redirect(f"{url}?reunion={meeting.cleaned_data['meeting_name']}")
            form, token = outcome.form, outcome.token
        else:
            form = form_class(request.POST, auto_id="id_%s")
            form.is_valid()
            token = request.POST.get("jeton") or issue_token(consultation)
        annotate(form)
        form.data = form.data.copy()
        form.data["jeton"] = token
    else:
        meeting = MeetingForm(
            prefix="reunion", initial={"meeting_name": request.GET.get("reunion", "")}
        )
        form = annotate(form_class(auto_id="id_%s", initial={"jeton": issue_token(consultation)}))
    return render(
        request,
        "consultations/admin/paper_entry.html",
        {"consultation": consultation, "form": form, "meeting": meeting},
    )


def _date_answer(answer_uuid, meeting_date):
    if meeting_date and answer_uuid:
        moment = timezone.make_aware(datetime.datetime.combine(meeting_date, datetime.time(12)))
        Answer.objects.filter(submission_token=answer_uuid).update(submitted_at=moment)
