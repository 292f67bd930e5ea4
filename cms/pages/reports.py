"""The "Signaler une information périmée ou une erreur" form every public page links to.

It lives in the live application: the static site links to its absolute address
(`report_url()`, as consultation forms do with `cms.core.addresses.base_url()`), carrying
the address of the page the resident was reading. Anonymous and rate-limited like the
consultation answers (cms.consultations.protection), with the same honeypot field.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cms.consultations.forms import HONEYPOT_FIELD
from cms.consultations.protection import limit_body_size, not_frameable, over_rate_limit
from cms.core.addresses import base_url
from cms.core.snapshot import memo
from cms.core.static_export import site_url

from .models import ErrorReport

RATE_LIMITED_MESSAGE = (
    "Vous avez envoyé beaucoup de signalements en peu de temps. Merci ! Réessayez dans "
    "quelques minutes : votre message est conservé ci-dessous."
)


def report_url(request):
    """Absolute address of the form, carrying the address of the page being read."""
    page = site_url(request) + request.path
    form = memo(("report_form_url",), lambda: f"{base_url()}{reverse('report')}")
    return f"{form}?{urlencode({'page': page})}"


class ErrorReportForm(forms.ModelForm):
    page_url = forms.URLField(
        required=False,
        max_length=500,
        widget=forms.HiddenInput,
        assume_scheme="https",
    )
    message = forms.CharField(
        label="Votre message",
        help_text="Quelle information est périmée ou fausse, et, si vous la connaissez, la bonne.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Écrivez votre message : quelle information est périmée ou fausse\u00a0?",
            "max_length": "Votre message doit faire au plus 5 000 caractères.",
        },
    )
    name = forms.CharField(
        label="Votre nom (facultatif)",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": "Votre nom doit faire au plus 150 caractères."},
    )
    email = forms.EmailField(
        label="Votre adresse e-mail (facultatif)",
        help_text="Seulement si vous souhaitez une réponse. Exemple : prenom.nom@exemple.fr",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.",
            "max_length": "L'adresse e-mail doit faire au plus 254 caractères.",
        },
    )

    class Meta:
        model = ErrorReport
        fields = ["message", "name", "email", "page_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="Ne remplissez pas ce champ",
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_page_url(self):
        # An address that is not a web page (javascript:, a typo) is dropped, not refused:
        # the report itself matters more than where it came from.
        url = self.cleaned_data.get("page_url") or ""
        return url if url.startswith(("https://", "http://")) else ""

    @property
    def is_trap(self):
        return bool(str(self.data.get(HONEYPOT_FIELD) or "").strip())


@not_frameable
@limit_body_size
@require_http_methods(["GET", "POST"])
def report(request):
    page = request.GET.get("page", "") if request.method == "GET" else ""
    form = ErrorReportForm(
        request.POST if request.method == "POST" else None, initial={"page_url": page[:500]}
    )
    status = 200
    notice = ""
    if request.method == "POST":
        if form.is_valid():
            if over_rate_limit(request, "pages:report", settings.ERROR_REPORT_RATE_LIMIT):
                notice, status = RATE_LIMITED_MESSAGE, 429
            else:
                if not form.is_trap:  # a robot is thanked, its message not kept
                    form.save()
                return redirect("report_thanks")
        else:
            status = 400
    page_url = form["page_url"].value() or ""
    return render(
        request,
        "pages/report.html",
        {
            "page_title": "Signaler une information périmée ou une erreur",
            "form": form,
            "errors": [
                (form[name].auto_id, error)
                for name, errors in form.errors.items()
                for error in errors
                if name in form.fields
            ],
            "notice": notice,
            "reported_page": page_url if str(page_url).startswith(("http://", "https://")) else "",
        },
        status=status,
    )


@require_http_methods(["GET"])
def report_thanks(request):
    return render(
        request, "pages/report_thanks.html", {"page_title": "Merci pour votre signalement"}
    )
