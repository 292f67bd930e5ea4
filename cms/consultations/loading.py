"""Load the default consultations (data/consultations.yaml); idempotent like load_guide.

The 2017 charter consultation is closed, so the data also ships "Votre avis sur ce
guide", opened for a year from the moment it is first loaded: a newcomer can answer,
embed and export a consultation right after `make setup`. An editor reopens any
consultation by moving its closing date in the admin and publishing.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

import yaml

from .models import Consultation

DATA = Path(__file__).resolve().parent / "data" / "consultations.yaml"
QUESTION_KEYS = (
    "label",
    "hint",
    "required",
    "choices",
    "low_label",
    "high_label",
    "max_length",
    "consent_label",
)


def _moment(text):
    return timezone.make_aware(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M"))


def _questions(items):
    stream = []
    for item in items:
        value = {key: item[key] for key in QUESTION_KEYS if key in item}
        stream.append({"type": item["type"], "value": value, "id": item["id"]})
    return stream


def _count(report, bucket):
    if report is not None:
        report.count(bucket, "consultations")


@transaction.atomic
def load_consultations(report=None, reset=False, user=None, path=DATA):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for item in data["consultations"]:
        consultation = Consultation.objects.filter(slug=item["slug"]).first()
        if consultation is not None and not reset:
            _count(report, "unchanged")
            continue
        created = consultation is None
        consultation = consultation or Consultation(slug=item["slug"], live=False)
        consultation.title = item["title"]
        if "open_for_days" in item:
            if created or consultation.closes_at <= timezone.now():
                consultation.opens_at = timezone.now().replace(second=0, microsecond=0)
                consultation.closes_at = consultation.opens_at + datetime.timedelta(
                    days=item["open_for_days"]
                )
        else:
            consultation.opens_at = _moment(item["opens_at"])
            consultation.closes_at = _moment(item["closes_at"])
        for name in ("introduction", "thank_you_text", "privacy_notice", "restitution_text"):
            setattr(consultation, name, item.get(name) or "")
        consultation.questions = _questions(item["questions"])
        consultation.full_clean()
        consultation.save()
        revision = consultation.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        _count(report, "created" if created else "updated")
