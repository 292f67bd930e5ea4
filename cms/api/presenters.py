"""Plain-dict representations of published content, one function per item type.

Everything here receives objects already read through `guide.content`; nothing queries
drafts. The shapes are described, field by field, in `openapi.py`.
"""

import re

from django.conf import settings

from wagtail.rich_text import expand_db_html

from cms.core.arrondissements import arrondissement_label
from cms.entries.models import ContactKind, EntryKind, FundType

ARRONDISSEMENT_PATH = "/participez/arrondissements/{}/"
FPH_DIRECTORY_PATH = "/participez/fonds-participation-habitants/"

KIND_LABELS = dict(EntryKind.choices)
CONTACT_KIND_LABELS = dict(ContactKind.choices)
FUND_LABELS = dict(FundType.choices)

_RELATIVE_HREF = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')


def absolute(path):
    return f"{settings.BASE_URL}{path}"


def rich_text(value):
    """Display HTML: internal links resolved, then made absolute for other front ends."""
    if not value:
        return ""
    html = expand_db_html(value)
    return _RELATIVE_HREF.sub(lambda m: f'{m.group(1)}{absolute(m.group(2))}"', html)


def api_url(request, path):
    return request.build_absolute_uri(path)


# --- entries -------------------------------------------------------------------------


def section_dict(section):
    if section is None:
        return None
    return {
        "kind": section.kind,
        "number": section.number,
        "title": section.title,
        "slug": section.slug,
        "html_url": absolute(section.get_url_path()),
    }


def contact_dict(contact, entry):
    resolved = None
    if contact.is_pattern:
        resolved = []
        for number in entry.arrondissement_numbers():
            email = contact.resolve(number)
            resolved.append({"arrondissement": number, "value": email, "href": f"mailto:{email}"})
    return {
        "kind": contact.kind,
        "kind_label": CONTACT_KIND_LABELS.get(contact.kind, contact.kind),
        "label": contact.label,
        "value": contact.value,
        "display_value": contact.display_value,
        "href": contact.href,
        "arrondissement": contact.arrondissement,
        "is_pattern": contact.is_pattern,
        "resolved": resolved,
    }


def fund_dict(fund, entry, request, detail_path):
    return {
        "id": fund.pk,
        "meta": {
            "type": "fph",
            "detail_url": api_url(request, f"{detail_path}{fund.pk}/"),
            "html_url": absolute(f"{FPH_DIRECTORY_PATH}{fund.arrondissement}/"),
        },
        "arrondissement": fund.arrondissement,
        "arrondissement_label": arrondissement_label(fund.arrondissement),
        "quartier": fund.quartier,
        "place_label": fund.place_label,
        "fund": fund.fund,
        "fund_label": FUND_LABELS.get(fund.fund, fund.fund),
        "association": fund.association,
        "phone": fund.phone,
        "phone_display": fund.phone_display,
        "phone_href": fund.phone_link,
        "phone_note": fund.phone_note,
        "entry": entry_ref(entry, request),
    }


def entry_ref(entry, request):
    return {
        "id": entry.pk,
        "slug": entry.slug,
        "title": entry.title,
        "kind": entry.kind,
        "html_url": absolute(entry.get_url_path()),
        "detail_url": api_url(request, f"/api/v2/entries/{entry.pk}/"),
    }


def entry_dict(entry, request, *, order, section):
    """All the published content of one entry."""
    return {
        "id": entry.pk,
        "meta": {
            "type": "entries.Entry",
            "detail_url": api_url(request, f"/api/v2/entries/{entry.pk}/"),
            "html_url": absolute(entry.get_url_path()),
            "slug": entry.slug,
            "first_published_at": _datetime(entry.first_published_at),
            "last_published_at": _datetime(entry.last_published_at),
        },
        "title": entry.title,
        "short_name": entry.short_name,
        "display_name": entry.display_name,
        "slug": entry.slug,
        "kind": entry.kind,
        "kind_label": KIND_LABELS.get(entry.kind, entry.kind),
        "group": entry.group,
        "section": section_dict(section),
        "order": order,
        "summary": rich_text(entry.summary),
        "for_whom": rich_text(entry.for_whom),
        "why": rich_text(entry.why),
        "how": rich_text(entry.how),
        "min_age": entry.min_age,
        "max_age": entry.max_age,
        "key_figures": [figure.text for figure in entry.key_figures.all()],
        "contacts": [contact_dict(contact, entry) for contact in entry.contacts.all()],
        "links": [
            {
                "label": link.label,
                "url": link.url,
                "text": link.text,
                "display_text": link.display_text,
            }
            for link in entry.links.all()
        ],
        "audiences": [{"code": a.code, "label": a.label} for a in entry.audiences.all()],
        "actions": [{"code": a.code, "label": a.label} for a in entry.actions.all()],
        "citywide": entry.citywide,
        "arrondissements": entry.arrondissement_numbers(),
        "fph_funds": [
            fund_dict(fund, entry, request, "/api/v2/fph/") for fund in entry.fph_funds.all()
        ],
    }


def _datetime(value):
    return value.isoformat() if value else None


# --- arrondissements ---------------------------------------------------------------------


def arrondissement_contacts(entry, number):
    """The contacts of `entry` that belong to arrondissement `number`, patterns resolved.

    A kiosque's address (a contact tied to this arrondissement) or a conseil citoyen's
    address (conseilcitoyenXX@gmail.com with XX = the number), as the arrondissement web
    page shows them.
    """
    contacts = []
    for contact in entry.contacts.all():
        if contact.is_pattern:
            email = contact.resolve(number)
            kind, value, display, href = ContactKind.EMAIL, email, email, f"mailto:{email}"
        elif contact.arrondissement == number:
            kind, value = contact.kind, contact.value
            display, href = contact.display_value, contact.href
        else:
            continue
        contacts.append(
            {
                "entry": entry_ref_plain(entry),
                "kind": str(kind),
                "label": contact.label,
                "value": value,
                "display_value": display,
                "href": href,
            }
        )
    return contacts


def entry_ref_plain(entry):
    return {"id": entry.pk, "slug": entry.slug, "title": entry.title}


def arrondissement_dict(number, entries, request):
    """What applies in one arrondissement, as /participez/arrondissements/<n>/ shows it."""
    applying = [entry for entry in entries if entry.applies_to(number)]
    contacts = [c for entry in applying for c in arrondissement_contacts(entry, number)]
    return {
        "id": number,
        "meta": {
            "type": "arrondissements",
            "detail_url": api_url(request, f"/api/v2/arrondissements/{number}/"),
            "html_url": absolute(ARRONDISSEMENT_PATH.format(number)),
        },
        "number": number,
        "label": arrondissement_label(number),
        "name": f"{arrondissement_label(number)} arrondissement",
        "entries": [
            {**entry_ref(entry, request), "citywide": entry.citywide} for entry in applying
        ],
        "nearby_entries": [entry.pk for entry in applying if not entry.citywide],
        "through_mairie_entries": [
            entry.pk
            for entry in applying
            if entry.citywide and any(c.kind == ContactKind.MAIRIE for c in entry.contacts.all())
        ],
        "contacts": contacts,
        "fph_funds": [
            fund_dict(fund, entry, request, "/api/v2/fph/")
            for entry in applying
            for fund in entry.fph_funds.all()
            if fund.arrondissement == number
        ],
    }
