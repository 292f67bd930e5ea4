"""Load the shipped Paris guide (data/guide.yaml) into the CMS, and dump it back.

Loading is idempotent and never overwrites an editor's work: content that already exists
(matched by its stable key: entry slug, section kind, taxonomy code) is left alone unless
`reset=True`, which restores the shipped text as a new published revision.

The shipped entries were checked when the guide was printed: their "vérifié le" is the
frame's `edition_date` (an entry may give its own `verified_on`), so the dashboard lists
them as overdue. An existing entry without that date (one loaded before the field
existed) gets it filled in; a date an editor entered is kept.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

import yaml

from cms.core.phones import format_phone
from cms.core.signals import guide_loaded

from .models import (
    ENTRY_FIELDS,
    ENTRY_RELATIONS,
    Action,
    Arrondissement,
    Audience,
    Entry,
    EntryContact,
    EntryKeyFigure,
    EntryLink,
    FphFund,
    GuideFrame,
    Section,
    one_year_after,
)

GUIDE_DATA = Path(__file__).resolve().parent / "data" / "guide.yaml"

FRAME_FIELDS = [
    "title",
    "subtitle",
    "publisher_name",
    "edito_title",
    "edito_author",
    "edito_role",
    "edito_text",
    "closing_title",
    "closing_text",
    "closing_url",
    "publisher_block",
    "printer_imprint",
    "legal_deposit",
]


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, bucket, what):
        target = getattr(self, bucket)
        target[what] = target.get(what, 0) + 1

    def lines(self):
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{name} : {self.created.get(name, 0)} créé·e·s, {self.updated.get(name, 0)} rétabli·e·s, "
            f"{self.unchanged.get(name, 0)} déjà présent·e·s"
            for name in names
        ]

    @property
    def changed(self):
        return bool(self.created or self.updated)


def read_guide_data(path=GUIDE_DATA):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _publish(obj, user=None):
    revision = obj.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    return revision


@transaction.atomic
def load_guide(data=None, reset=False, user=None):
    data = data or read_guide_data()
    report = LoadReport()
    ensure_arrondissements()
    audiences = _load_taxonomy(Audience, data["audiences"], report, "publics", reset)
    actions = _load_taxonomy(Action, data["actions"], report, "démarches", reset)
    _load_frame(data["frame"], report, reset, user)
    for item in data["sections"]:
        _load_section(item, report, reset, user)
    checked_on = data["frame"].get("edition_date")
    for position, item in enumerate(data["entries"]):
        _load_entry(item, position, audiences, actions, report, reset, user, checked_on)
    # The apps above this one (pages, consultations) load their own default content.
    guide_loaded.send(sender=load_guide, report=report, reset=reset, user=user)
    return report


def ensure_arrondissements():
    for number in range(1, 21):
        Arrondissement.objects.get_or_create(number=number)


def _load_taxonomy(model, items, report, name, reset):
    by_code = {}
    for position, item in enumerate(items):
        values = {"label": item["label"], "sort_order": position}
        if "description" in item:
            values["description"] = item["description"]
        obj = model.objects.filter(code=item["code"]).first()
        if obj is None:
            obj = model.objects.create(code=item["code"], **values)
            report.count("created", name)
        elif reset and any(getattr(obj, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            report.count("updated", name)
        else:
            report.count("unchanged", name)
        by_code[obj.code] = obj
    return by_code


def _load_frame(item, report, reset, user):
    frame = GuideFrame.objects.first()
    if frame is not None and not reset:
        report.count("unchanged", "cadre du guide")
        return
    created = frame is None
    frame = frame or GuideFrame(live=False)
    for name in FRAME_FIELDS:
        setattr(frame, name, item.get(name) or "")
    frame.edition_label = str(item.get("year", ""))
    frame.edition_date = item.get("edition_date") or None
    frame.commitments = [
        ("commitment", {"title": c["title"], "text": c["text"]})
        for c in item.get("commitments", [])
    ]
    frame.save()
    _publish(frame, user)
    report.count("created" if created else "updated", "cadre du guide")


def _load_section(item, report, reset, user):
    section = Section.objects.filter(kind=item["kind"]).first()
    if section is not None and not reset:
        report.count("unchanged", "parties")
        return
    created = section is None
    section = section or Section(kind=item["kind"], live=False)
    section.number = item["number"]
    section.title = item["title"]
    section.intro = item.get("intro") or ""
    section.save()
    _publish(section, user)
    report.count("created" if created else "updated", "parties")


def _load_entry(item, position, audiences, actions, report, reset, user, checked_on=None):
    entry = Entry.objects.filter(slug=item["slug"]).first()
    verified_on = item.get("verified_on") or checked_on
    if entry is not None and not reset:
        if entry.verified_on is None and verified_on:
            # A blank, not an editor's choice: a row update, no new revision (revisions
            # without the field keep the row's value, see Entry.with_content_json).
            Entry.objects.filter(pk=entry.pk).update(
                verified_on=verified_on, review_before=one_year_after(verified_on)
            )
        report.count("unchanged", "entrées")
        return
    created = entry is None
    entry = entry or Entry(slug=item["slug"], live=False)
    for name in ENTRY_FIELDS:
        value = item.get(name)
        setattr(entry, name, value if value is not None or name.endswith("_age") else "")
    entry.verified_on = verified_on
    entry.review_before = None  # a year after verified_on (Entry.save)
    entry.sort_order = position
    arrondissements = item.get("arrondissements", "all")
    entry.citywide = arrondissements == "all"
    entry.arrondissements_are_examples = bool(item.get("arrondissements_are_examples"))
    entry.arrondissements = (
        [] if entry.citywide else list(Arrondissement.objects.filter(number__in=arrondissements))
    )
    entry.audiences = [audiences[code] for code in item.get("audiences", [])]
    entry.actions = [actions[code] for code in item.get("actions", [])]
    # Child rows carry an explicit sort_order: without it their order is whatever the
    # database returns, which PostgreSQL does not keep across a restore.
    entry.key_figures = [
        EntryKeyFigure(text=text, sort_order=i)
        for i, text in enumerate(item.get("key_figures", []))
    ]
    entry.contacts = [_contact(c, i) for i, c in enumerate(item.get("contacts", []))]
    entry.links = [
        EntryLink(
            label=link.get("label") or "Pour plus d'informations",
            url=link["url"],
            text=link.get("text") or "",
            sort_order=i,
        )
        for i, link in enumerate(item.get("links", []))
    ]
    entry.fph_funds = [_fund(f, i) for i, f in enumerate(item.get("fph_funds", []))]
    entry.full_clean(exclude=["sort_order"])
    for child in [*entry.contacts.all(), *entry.fph_funds.all()]:
        child.clean()
    entry.save()
    _publish(entry, user)
    report.count("created" if created else "updated", "entrées")


def _contact(item, position):
    return EntryContact(
        sort_order=position,
        kind=item["kind"],
        label=item.get("label") or "",
        value=item.get("value") or "",
        arrondissement=item.get("arrondissement"),
    )


def _fund(item, position):
    return FphFund(
        sort_order=position,
        arrondissement=item["arrondissement"],
        quartier=item.get("quartier") or "",
        fund=item["fund"],
        association=item["association"],
        phone=item["phone"],
        phone_note=item.get("phone_note") or "",
    )


def dump_guide():
    """The published guide as the same structure as data/guide.yaml (the regeneration recipe)."""

    frame = GuideFrame.published()
    data = {
        "frame": {name: getattr(frame, name) for name in FRAME_FIELDS} if frame else {},
        "audiences": [{"code": a.code, "label": a.label} for a in Audience.objects.all()],
        "actions": [
            {"code": a.code, "label": a.label, "description": a.description}
            for a in Action.objects.all()
        ],
        "sections": [
            {"kind": s.kind, "number": s.number, "title": s.title, "slug": s.slug, "intro": s.intro}
            for s in Section.objects.filter(live=True)
        ],
        "entries": [],
    }
    if frame:
        data["frame"]["year"] = (
            int(frame.edition_label) if frame.edition_label.isdigit() else frame.edition_label
        )
        if frame.edition_date:
            data["frame"]["edition_date"] = frame.edition_date
        data["frame"]["commitments"] = [
            {"title": block.value["title"], "text": block.value["text"]}
            for block in frame.commitments
        ]
    for entry in Entry.objects.published().in_guide_order().prefetch_related(*ENTRY_RELATIONS):
        item = {name: getattr(entry, name) for name in ENTRY_FIELDS}
        item["slug"] = entry.slug
        if entry.verified_on and entry.verified_on != getattr(frame, "edition_date", None):
            item["verified_on"] = entry.verified_on
        item["key_figures"] = [f.text for f in entry.key_figures.all()]
        item["contacts"] = [
            {
                "kind": c.kind,
                "label": c.label,
                "value": format_phone(c.value) if c.kind == "phone" else c.value,
                "arrondissement": c.arrondissement,
            }
            for c in entry.contacts.all()
        ]
        item["links"] = [
            {"label": link.label, "url": link.url, "text": link.text} for link in entry.links.all()
        ]
        item["audiences"] = [a.code for a in entry.audiences.all()]
        item["actions"] = [a.code for a in entry.actions.all()]
        if entry.arrondissements_are_examples:
            item["arrondissements_are_examples"] = True
        item["arrondissements"] = (
            "all" if entry.citywide else [a.number for a in entry.arrondissements.all()]
        )
        item["fph_funds"] = [
            {
                "arrondissement": f.arrondissement,
                "quartier": f.quartier,
                "fund": f.fund,
                "association": f.association,
                "phone": f.phone_display,
                "phone_note": f.phone_note,
            }
            for f in entry.fph_funds.all()
        ]
        data["entries"].append(item)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
