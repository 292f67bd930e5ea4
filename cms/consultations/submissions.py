"""Receiving one submission, whatever the channel (page, embed, JSON, paper entry).

The order of the checks matters: a closed consultation refuses before anything else; the
rate limit refuses honestly, because a shared address (a library, a meeting room) may be a
real resident and their answers must come back to them, not vanish. Nothing that looks
like a robot is thanked and thrown away: an answer sent faster than a person fills the
form, or with the trap field filled (a browser's autofill does that too), is stored but
held aside with the reason, left out of results and exports until an analyst releases it
in the admin. A token already used (a retry or a double click) lands on the stored row
and gets the same success.

An answer may be checked against this process's earlier read of its consultation
(`confirmed=False`, the answer forms do so): then nothing is refused on that read's word,
and the INSERT itself confirms that the consultation is still the one read and still
open. Anything else comes back STALE, for the caller to read the consultation again and
submit once more: a valid answer costs one SQL statement, and a consultation closed,
unpublished or republished by another process is never missed.
"""

import functools
import logging
import time
import uuid
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models.constants import OnConflict
from django.utils import timezone

from .forms import CONSENT_FIELD, HONEYPOT_FIELD, TOKEN_FIELD, build_form_class
from .models import Answer, Consultation, ConsultationState, HeldReason, SpamCounter, SpamReason
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
STALE = "stale"


@dataclass
class Outcome:
    kind: str
    form: object = None
    token: str = ""
    answer_uuid: uuid.UUID | None = None
    state: str = ""
    errors: list = field(default_factory=list)
    held_reason: str = ""
    # The rate limit counted this answer already: a second submit() must not count it again.
    counted: bool = False

    @property
    def accepted(self):
        return self.kind in (STORED, DUPLICATE, HELD)


def submit(
    request,
    consultation,
    data,
    source,
    meeting_name="",
    check_spam=True,
    *,
    confirmed=True,
    counted=False,
    form_class=None,
):
    """Check and store one submission. `confirmed=False`: `consultation` was read before
    this request (see the module's docstring) and any outcome but a stored answer is
    STALE; `counted`: a first, STALE submit() counted this answer for the rate limit."""
    state = consultation.state()
    if state != ConsultationState.OPEN and source != "paper":
        return Outcome(CLOSED if confirmed else STALE, state=state)

    form = (form_class or build_form_class(consultation))(data, auto_id="id_%s")
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
    if not confirmed and (token is None or not valid):
        # The form given back must be the consultation's current one.
        return Outcome(STALE)
    if token is None:
        # No usable token (static page, expired tab, API client starting out): nothing is
        # stored, the resident gets their answers back with a fresh token and one click.
        return Outcome(RESUBMIT, form=form, token=issue_token(consultation, RESUBMIT_TOKEN))
    if not valid:
        return Outcome(INVALID, form=form, token=raw_token)

    if check_spam and not counted:
        counted = True
        if rate_limited(request, consultation):
            SpamCounter.record(consultation, SpamReason.RATE_LIMIT)
            return Outcome(RATE_LIMITED, form=form, token=raw_token, counted=True)

    outcome = _store(
        consultation,
        form,
        token.uuid,
        source,
        meeting_name,
        raw_token,
        held_reason,
        confirmed=confirmed,
    )
    outcome.counted = counted
    return outcome


def _insert_fields():
    return [field for field in Answer._meta.concrete_fields if not field.primary_key]


def insert_once(answer):
    """INSERT … ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite), as one statement.

    What `bulk_create(ignore_conflicts=True)` sends, without the transaction it opens
    around it: a single row needs none, and BEGIN and COMMIT are two more round trips to
    the database on every answer."""
    Answer.objects._insert([answer], fields=_insert_fields(), on_conflict=OnConflict.IGNORE)


def insert_if_unchanged(row, consultation):
    """insert_once, provided the consultation's row is still the one `consultation` was
    read from and accepts answers at `row["submitted_at"]`: INSERT … SELECT … WHERE
    EXISTS, still one statement. Its live revision changes with every publication, and
    the columns that open and close it are checked themselves (an edit saved without a
    revision, a scheduled expiry). False when no row was inserted: the consultation
    changed, or the token was used already; a fresh read tells which.

    `row` holds the answer's column values by attribute name, those left out taking their
    field's default: a model instance built only to have its values read back cost about
    half as much as adapting them (11 against 20 µs, see docs/benchmarks.md), on every
    answer of the forms."""
    # The thread's connection itself: through the module-level proxy, each of the
    # twenty-odd attribute reads below would look it up again.
    db = connections[DEFAULT_DB_ALIAS]
    params = [
        prepare(row[attname] if attname in row else default(), db)
        for attname, default, prepare in _insert_columns()
    ]
    now = db.ops.adapt_datetimefield_value(row["submitted_at"])
    params += [consultation.pk, consultation.live_revision_id, now, now, now]
    with _guarded_insert_cursor(db) as cursor:
        cursor.execute(_guarded_insert_sql(db.vendor), params)
        return cursor.rowcount == 1


@functools.cache
def _insert_columns():
    """Per column of the INSERT: its attribute name, its default and its adaptation."""
    return [
        (field.attname, field.get_default, field.get_db_prep_save) for field in _insert_fields()
    ]


class _PreparingCursor(ServerBindingCursor):
    """Binds server-side and prepares: parsed and planned once per connection."""

    logged = False

    def execute(self, query, params=None, **kwargs):
        result = super().execute(query, params, prepare=True, **kwargs)
        if self.logged:
            # Django's query log reads the statement from `_query`, which psycopg leaves
            # empty when it runs a prepared one.
            self._query = self._convert_query(query, params)
        return result


def _guarded_insert_cursor(db):
    """On PostgreSQL, a cursor that prepares the guarded INSERT, wrapped like any Django
    cursor (logged, counted, errors translated). Parsing and planning this statement cost
    the server more than executing it (see docs/benchmarks.md). Only where the settings
    allow prepared statements on the connection (DATABASE_PREPARED_STATEMENTS)."""
    if db.vendor != "postgresql" or db.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return db.cursor()
    db.ensure_connection()
    # Made by the backend's create_cursor() like every other cursor (its time zone
    # set-up, and whatever wraps it: a test that simulates an outage there), with the
    # preparing class as the connection's factory for this one call. A Django connection
    # belongs to one thread, so nothing else uses the factory meanwhile.
    raw = db.connection
    factory = raw.cursor_factory
    raw.cursor_factory = _PreparingCursor
    try:
        with db.wrap_database_errors:
            cursor = db.create_cursor()
    finally:
        raw.cursor_factory = factory
    cursor.logged = db.queries_logged
    return db._prepare_cursor(cursor)


@functools.cache
def _guarded_insert_sql(vendor):
    ops = connection.ops
    quote = ops.quote_name
    fields = _insert_fields()
    insert = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    answers = quote(Answer._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    if vendor == "postgresql":
        # Bound server-side (above), a parameter in a SELECT list has no column to take
        # its type from: a NULL would be text. Length-free types, so that an overlong
        # value fails as in a VALUES list instead of being cut.
        values = ", ".join(f"%s::{_cast_type(field)}" for field in fields)
    consultations = quote(Consultation._meta.db_table)
    unchanged = (
        "id = %s AND live AND live_revision_id = %s AND opens_at <= %s AND closes_at > %s "
        "AND (expire_at IS NULL OR expire_at > %s)"
    )
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    # Names from the models, every value a parameter.
    return f"{insert} {answers} ({columns}) SELECT {values} WHERE EXISTS (SELECT 1 FROM {consultations} WHERE {unchanged}) {suffix}"  # noqa: S608


def _cast_type(field):
    db_type = field.cast_db_type(connection)
    return "varchar" if db_type.startswith("varchar") else db_type


def _store(
    consultation,
    form,
    answer_uuid,
    source,
    meeting_name,
    raw_token,
    held_reason="",
    *,
    confirmed=True,
):
    special = form.special_values()
    now = timezone.now()
    row = {
        "consultation_id": consultation.pk,
        "submission_token": answer_uuid,
        "submitted_at": now,
        "source": source,
        "meeting_name": meeting_name,
        "data": form.answer_values(),
        "arrondissement": special["arrondissement"],
        "age_bracket": special["age_bracket"],
        "email": special["email"],
        "email_consent": special["email_consent"],
        "consent_recorded_at": now
        if form.cleaned_data.get(CONSENT_FIELD) and special["email"]
        else None,
        "held": bool(held_reason),
        "held_reason": held_reason,
    }
    for attempt in range(3):
        try:
            # INSERT ... ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite): one statement,
            # and the unique token makes a double click, a retried request or a race
            # between workers land on the row that is already there. Either way the
            # answer is stored exactly once, so both are the same success.
            if confirmed:
                insert_once(Answer(**row))
            elif not insert_if_unchanged(row, consultation):
                return Outcome(STALE)
            kind = HELD if held_reason else STORED
            return Outcome(kind, answer_uuid=answer_uuid, held_reason=held_reason)
        except OperationalError as error:
            # SQLite's busy timeout ran out under a burst of writers: wait and try again.
            # Anything else (a database that refuses or hangs) is an outage: the view
            # gives the answers back at once rather than after three more tries.
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            logger.warning("Base occupée, nouvel essai d'enregistrement (%s)", attempt + 1)
            time.sleep(0.2 * (attempt + 1))
    return Outcome(BUSY, form=form, token=raw_token)
