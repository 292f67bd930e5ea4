"""Receiving one submission, whatever the channel (page, embed, JSON, paper entry).

The order of the checks matters: a closed consultation refuses before anything else; the
rate limit refuses honestly, because a shared address (a library, a meeting room) may be a
real resident and their answers must come back to them, not vanish. Nothing that looks
like a robot is thanked and thrown away: an answer sent faster than a person fills the
form, or with the trap field filled (a browser's autofill does that too), is stored but
held aside with the reason, left out of results and exports until an analyst releases it
in the admin. A token already used (a retry or a double click) lands on the stored row
and gets the same success.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field

from django.db import OperationalError
from django.db.models.constants import OnConflict
from django.utils import timezone

from .forms import CONSENT_FIELD, HONEYPOT_FIELD, TOKEN_FIELD, build_form_class
from .models import Answer, ConsultationState, HeldReason, SpamCounter, SpamReason
from .protection import RESUBMIT_TOKEN, TokenError, issue_token, rate_limited, read_token

logger = logging.getLogger(__name__)

STORED = "stored"
DUPLICATE = "duplicate"
HELD = "held"
INVALID = "invalid"
RESUBMIT = "resubmit"
RATE_LIMITED = "rate_limited"
CLOSED = "closed"
BUSY = "busy"


@dataclass
class Outcome:
    kind: str
    form: object = None
    token: str = ""
    answer_uuid: uuid.UUID | None = None
    state: str = ""
    errors: list = field(default_factory=list)
    held_reason: str = ""

    @property
    def accepted(self):
        return self.kind in (STORED, DUPLICATE, HELD)


def submit(request, consultation, data, source, meeting_name="", check_spam=True):
    state = consultation.state()
    if state != ConsultationState.OPEN and source != "paper":
        return Outcome(CLOSED, state=state)

    form = build_form_class(consultation)(data, auto_id="id_%s")
    raw_token = data.get(TOKEN_FIELD) or ""
    raw_token = raw_token if isinstance(raw_token, str) else ""
    try:
        token = read_token(raw_token, consultation)
    except TokenError:
        token = None

    held_reason = ""
    if check_spam:
        if str(data.get(HONEYPOT_FIELD) or "").strip():
            held_reason = HeldReason.HONEYPOT
        elif token is not None and token.filled_too_fast:
            held_reason = HeldReason.TOO_FAST

    valid = form.is_valid()
    if token is None:
        # No usable token (static page, expired tab, API client starting out): nothing is
        # stored, the resident gets their answers back with a fresh token and one click.
        return Outcome(RESUBMIT, form=form, token=issue_token(consultation, RESUBMIT_TOKEN))
    if not valid:
        return Outcome(INVALID, form=form, token=raw_token)

    if check_spam and rate_limited(request, consultation):
        SpamCounter.record(consultation, SpamReason.RATE_LIMIT)
        return Outcome(RATE_LIMITED, form=form, token=raw_token)

    return _store(consultation, form, token.uuid, source, meeting_name, raw_token, held_reason)


def insert_once(answer):
    """INSERT … ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite), as one statement.

    What `bulk_create(ignore_conflicts=True)` sends, without the transaction it opens
    around it: a single row needs none, and BEGIN and COMMIT are two more round trips to
    the database on every answer."""
    fields = [field for field in Answer._meta.concrete_fields if not field.primary_key]
    Answer.objects._insert([answer], fields=fields, on_conflict=OnConflict.IGNORE)


def _store(consultation, form, answer_uuid, source, meeting_name, raw_token, held_reason=""):
    special = form.special_values()
    now = timezone.now()
    answer = Answer(
        consultation=consultation,
        submission_token=answer_uuid,
        submitted_at=now,
        source=source,
        meeting_name=meeting_name,
        data=form.answer_values(),
        arrondissement=special["arrondissement"],
        age_bracket=special["age_bracket"],
        email=special["email"],
        email_consent=special["email_consent"],
        consent_recorded_at=now
        if form.cleaned_data.get(CONSENT_FIELD) and special["email"]
        else None,
        held=bool(held_reason),
        held_reason=held_reason,
    )
    for attempt in range(3):
        try:
            # INSERT ... ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite): one statement,
            # and the unique token makes a double click, a retried request or a race
            # between workers land on the row that is already there. Either way the
            # answer is stored exactly once, so both are the same success.
            insert_once(answer)
            kind = HELD if held_reason else STORED
            return Outcome(kind, answer_uuid=answer_uuid, held_reason=held_reason)
        except OperationalError:
            # SQLite's busy timeout ran out under a burst of writers: wait and try again.
            logger.warning("Base occupée, nouvel essai d'enregistrement (%s)", attempt + 1)
            time.sleep(0.2 * (attempt + 1))
    return Outcome(BUSY, form=form, token=raw_token)
