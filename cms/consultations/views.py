"""Public views: the consultation page, its embeddable twin, the thank-you pages and the
restitution. Both forms accept the same POST; only the chrome and the framing rule differ."""

import copy
import logging
import time
from functools import cached_property

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cms.core.addresses import base_url
from cms.core.static_export import is_static_export

from . import submissions
from .forms import build_form_class
from .models import Consultation, ConsultationState
from .protection import frameable, issue_token, limit_body_size, not_frameable, origin_allowed
from .results import public_results

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_NOTICE = (
    "Le service est momentanément indisponible : vos réponses n'ont pas pu être "
    "enregistrées. Elles sont conservées ci-dessous : renvoyez-les dans quelques minutes "
    "(gardez cette page ouverte)."
)
# This process's last read of each consultation it served. An answer is checked against
# it instead of reading the consultation again, the INSERT confirming that the row has not
# changed since (submissions.insert_if_unchanged); it also gives a resident's answers back
# in their form when the database cannot be reached.
_LAST_SEEN = {}
# The INSERT's check sees every publication, closing, unpublishing and expiry; what it
# cannot see, an edit saved without a revision by another process (a shell, a script), is
# picked up by the next read, at most this long after the last one.
TRUST_SECONDS = 60


class Seen:
    """A consultation as read at `read_at`, with what answering it needs."""

    def __init__(self, consultation):
        self.consultation = consultation
        self.read_at = time.monotonic()

    @cached_property
    def form_class(self):
        return build_form_class(self.consultation)

    @cached_property
    def thanks_paths(self):
        return {
            False: f"{self.consultation.get_url_path()}merci/",
            True: f"{self.consultation.get_embed_path()}merci/",
        }

    @property
    def trusted(self):
        return (
            self.consultation.live_revision_id is not None
            and time.monotonic() - self.read_at < TRUST_SECONDS
        )


def _read(slug):
    consultation = get_object_or_404(Consultation.objects.published(), slug=slug)
    if len(_LAST_SEEN) > 200:
        _LAST_SEEN.clear()
    seen = _LAST_SEEN[slug] = Seen(consultation)
    return seen


def live_consultation(slug):
    return _read(slug).consultation


def forget_consultations(**kwargs):
    """A consultation saved in this process: the next answer reads it again."""
    _LAST_SEEN.clear()


def answers_back(request, slug, embed):
    """The 503 after a form was sent while the database is down: the form again with
    everything typed, or, if this process never saw the consultation, the typed values as
    text. Rendered without the request: context processors may query the database."""
    html = None
    seen = _LAST_SEEN.get(slug)
    if seen is not None:
        try:
            html = _form_again(seen.consultation, request.POST, embed)
        except DATABASE_ERRORS:
            html = None  # the page needed the database after all (a link in the text)
    if html is None:
        values = [
            value
            for name, value in request.POST.lists()
            if name not in ("jeton", "site_web", "email_consentement")
            for value in value
            if str(value).strip()
        ]
        message = OUTAGE_NOTICE.replace("ci-dessous", "ci-dessous en texte")
        try:
            html = render_to_string(
                "consultations/message.html",
                {
                    "title": "Service momentanément indisponible",
                    "message": message,
                    "answers_back": values,
                },
            )
        except DATABASE_ERRORS:
            # The page's frame links to the guide page, which the page tree (the database)
            # locates: the answers still come back, on a bare page.
            html = format_html(
                '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
                "<title>Service momentanément indisponible</title></head><body><main>"
                "<h1>Service momentanément indisponible</h1><p>{}</p><h2>Vos réponses</h2>"
                "<ul>{}</ul></main></body></html>",
                message,
                format_html_join("", "<li>{}</li>", ((value,) for value in values)),
            )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def _form_again(consultation, data, embed):
    form = annotate(build_form_class(consultation)(data, auto_id="id_%s"))
    path = consultation.get_embed_path() if embed else consultation.get_url_path()
    context = {
        "consultation": consultation,
        "form": form,
        "errors": [],
        "state": ConsultationState.OPEN,
        "notice": OUTAGE_NOTICE,
        "action": path,
        "embed": embed,
        # The guide's frame needs the database (page tree, menu): the bare one does not.
        "frame": "consultations/base.html",
    }
    return render_to_string(_template(embed), context)


def _when(value):
    return formats.date_format(timezone.localtime(value), "j F Y à H\\hi")


def state_message(consultation, state):
    if state == ConsultationState.UPCOMING:
        return f"Cette consultation n'est pas encore ouverte : vous pourrez répondre à partir du {_when(consultation.opens_at)}."
    if state == ConsultationState.CLOSED:
        return f"Cette consultation est terminée depuis le {_when(consultation.closes_at)} : les réponses ne sont plus acceptées."
    return ""


def annotate(form):
    """Tie each input to its hint and error so screen readers announce them.

    The fields are shared between requests (forms.SharedFields): each one decorated here
    is copied first, and the bound-field cache dropped so rendering sees the copies."""
    for name, field in list(form.fields.items()):
        described = []
        if field.help_text:
            described.append(f"id_{name}_hint")
        invalid = form.is_bound and name in form.errors
        if invalid:
            described.append(f"id_{name}_error")
        if getattr(field, "counted_length", None):
            described.append(f"id_{name}_count")
        if described:
            field = form.fields[name] = copy.deepcopy(field)
            field.widget.attrs["aria-describedby"] = " ".join(described)
            if invalid:
                field.widget.attrs["aria-invalid"] = "true"
    form._bound_fields_cache = {}
    return form


def _template(embed):
    return "embed/consultation_embed.html" if embed else "consultations/consultation_page.html"


def _render_form(
    request, consultation, *, embed, form=None, token="", status=200, notice="", state=None
):
    state = state or consultation.state()
    if form is None and state == ConsultationState.OPEN:
        form = build_form_class(consultation)(auto_id="id_%s")
    if form is not None:
        annotate(form)
        if token and form.is_bound:
            # The form keeps the token issued for it, even after errors, so a corrected
            # resend and a double click still resolve to a single answer.
            form.data = form.data.copy()
            form.data["jeton"] = token
        elif token:
            form.initial = {"jeton": token}
    path = consultation.get_embed_path() if embed else consultation.get_url_path()
    context = {
        "consultation": consultation,
        "form": form if state == ConsultationState.OPEN else None,
        "errors": form.error_list() if form is not None and form.is_bound and form.errors else [],
        "state": state,
        "state_message": state_message(consultation, state),
        "notice": notice,
        "action": path,
        "embed": embed,
    }
    return render(request, _template(embed), context, status=status)


def _form_view(request, slug, embed):
    if request.method != "POST":
        return _form_view_unguarded(request, slug, embed)
    try:
        return _form_view_unguarded(request, slug, embed)
    except DATABASE_ERRORS as error:
        logger.error("Base de données injoignable pendant un envoi de réponse : %s", error)
        return answers_back(request, slug, embed)


def static_page(request, consultation):
    """The consultation on the static site: what it asks, and the way to the live form.

    The static site cannot receive answers (no server behind it), so the page presents
    the consultation and links to its form on the application (`base_url()`)."""
    state = consultation.state()
    return render(
        request,
        "consultations/static_page.html",
        {
            "consultation": consultation,
            "state": state,
            "state_message": state_message(consultation, state),
            "live_url": base_url() + consultation.get_url_path(),
            "base_url": base_url(),
        },
    )


def _form_view_unguarded(request, slug, embed):
    if request.method == "POST":
        return _answer(request, slug, embed)
    consultation = live_consultation(slug)
    if not embed and is_static_export(request):
        return static_page(request, consultation)
    return _render_form(request, consultation, embed=embed, token=issue_token(consultation))


def _answer(request, slug, embed):
    """A resident sends the form. Checked against this process's recent read of the
    consultation when there is one, so a valid answer costs the INSERT alone; read again
    when that read turns out stale, and before anything but a stored answer."""
    seen = _LAST_SEEN.get(slug)
    confirmed = seen is None or not seen.trusted
    if confirmed:
        seen = _read(slug)

    if not origin_allowed(request):
        return render(
            request,
            "consultations/message.html",
            {
                "title": "Envoi refusé",
                "message": "Ce formulaire ne peut être envoyé que depuis le site de la Ville de Paris ou un site partenaire.",
            },
            status=403,
        )
    source = "embed" if embed else "web"
    outcome = submissions.submit(
        request,
        seen.consultation,
        request.POST,
        source,
        confirmed=confirmed,
        form_class=seen.form_class,
    )
    if outcome.kind == submissions.STALE:
        seen = _read(slug)
        outcome = submissions.submit(
            request,
            seen.consultation,
            request.POST,
            source,
            counted=outcome.counted,
            form_class=seen.form_class,
        )
    consultation = seen.consultation
    if outcome.accepted:
        # Post/Redirect/Get: a refresh of the thank-you page never posts again.
        return _see_other(seen.thanks_paths[embed])
    if outcome.kind == submissions.CLOSED:
        status = 403 if outcome.state == ConsultationState.UPCOMING else 410
        return _render_form(request, consultation, embed=embed, status=status, state=outcome.state)
    notices = {
        submissions.RESUBMIT: (
            200,
            "Vos réponses n'ont pas encore été enregistrées : vérifiez-les puis cliquez sur "
            "« Envoyer mes réponses » pour confirmer l'envoi.",
        ),
        submissions.INVALID: (400, ""),
        submissions.RATE_LIMITED: (
            429,
            "Trop de réponses ont été envoyées depuis votre connexion ces dernières minutes. "
            "Vos réponses n'ont pas été enregistrées mais sont conservées ci-dessous : "
            "renvoyez-les dans quelques minutes.",
        ),
        submissions.BUSY: (
            503,
            "Le service est très sollicité et n'a pas pu enregistrer vos réponses. Elles sont "
            "conservées ci-dessous : renvoyez-les dans un instant.",
        ),
    }
    status, notice = notices[outcome.kind]
    return _render_form(
        request,
        consultation,
        embed=embed,
        form=outcome.form,
        token=outcome.token,
        status=status,
        notice=notice,
    )


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@limit_body_size
@not_frameable
def consultation_page(request, slug):
    return _form_view(request, slug, embed=False)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@limit_body_size
@frameable
def consultation_embed(request, slug):
    return _form_view(request, slug, embed=True)


def _thanks(request, slug, embed):
    consultation = live_consultation(slug)
    return render(
        request,
        "embed/thanks.html" if embed else "consultations/thanks.html",
        {"consultation": consultation, "embed": embed, "form_url": consultation.get_url_path()},
    )


@require_GET
@not_frameable
def thanks_page(request, slug):
    return _thanks(request, slug, embed=False)


@require_GET
@frameable
def embed_thanks(request, slug):
    return _thanks(request, slug, embed=True)


@require_GET
@not_frameable
def consultation_list(request):
    consultations = Consultation.objects.published().order_by("-opens_at")
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "consultations": consultations,
            # The results are served by the application only: the static site links there.
            "results_prefix": base_url() if is_static_export(request) else "",
        },
    )


@require_GET
@not_frameable
def restitution(request, slug):
    consultation = live_consultation(slug)
    if not consultation.restitution_visible:
        raise Http404("Les résultats de cette consultation ne sont pas publiés.")
    return render(
        request,
        "consultations/restitution.html",
        {
            "consultation": consultation,
            "results": public_results(consultation),
            "base_url": base_url(),
        },
    )
