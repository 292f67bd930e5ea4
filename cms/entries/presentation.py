"""How an entry becomes what a resident reads: one home for each presentation rule.

The web pages (through the template filters of `cms.pages.templatetags.participez_tags`),
the PDF context (`guide.pdf.context`) and the API serializers (`cms.api`) all call these
functions instead of re-deciding the rule, so the four outputs cannot drift apart.

Rules decided here:
- `ordinal()`: "1er", "2e" ... "20e" (the label itself lives in `cms.core.arrondissements`);
- `contacts_for()` / `arrondissement_contacts()`: which contacts serve an arrondissement,
  patterned e-mails (conseilcitoyenXX@gmail.com) resolved;
- `mairie_office()`: an arrondissement's mairie (name, address, phone, web page), or None
  while editors have not filled it in;
- `arrondissement_digest()`: the nearby / through-your-mairie / citywide split;
- `age_label()`: "De 15 à 30 ans", "Dès 7 ans", "Jusqu'à 30 ans";
- `excerpt()`: the short text of an entry's card and search result;
- `funds_in_order()`: the FPH table's order (arrondissement, then editor's order);
- `group_by_section()`: entries grouped under their section, in the guide's order;
- `fold_accents()`: case- and accent-insensitive comparison ("eleve" finds "élève");
- `french_date()`: "1er septembre 2017", "12 mars 2027", whatever language is active;
- `updated_on()` / `updated_label()`: the date behind "Mis à jour le …" on an entry.
"""

import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from cms.core.arrondissements import arrondissement_label

from .models import ContactKind, contact_display_value, contact_href, fund_order
from .published import mairie_rows, memo, outline, related, sections

EXCERPT_WORDS = 28


def ordinal(number):
    """French ordinal of an arrondissement: 1 -> "1er", 18 -> "18e"."""
    return arrondissement_label(number)


# --- contacts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedContact:
    """A contact as a resident reads it for one arrondissement (patterns resolved).

    `href` is the mailto:, tel: or https: link, empty when the contact is plain text
    (a postal address, "Contactez votre mairie d'arrondissement").
    """

    kind: str
    label: str
    value: str
    display_value: str
    href: str
    entry: object = field(compare=False, repr=False, default=None)


def shown_contacts(contacts):
    """What a reader sees of resolved contacts (label, text, link): two lists that show
    the same read the same, whichever arrondissement they were resolved for."""
    return tuple((contact.label, contact.display_value, contact.href) for contact in contacts)


def resolve_contact(contact, number):
    """One contact row for arrondissement `number`, its XX pattern replaced."""
    if contact.is_pattern:
        email = contact.resolve(number)
        return ResolvedContact(
            str(ContactKind.EMAIL), contact.label, email, email, f"mailto:{email}", contact.entry
        )
    return ResolvedContact(
        str(contact.kind),
        contact.label,
        contact.value,
        contact.display_value,
        contact.href,
        contact.entry,
    )


def serves(contact, number):
    """A contact tied to one arrondissement (a kiosque's address) serves only that one."""
    return contact.arrondissement in (None, number)


def contacts_for(entry, number, *, include_mairie=False):
    """The contacts of `entry` that serve arrondissement `number`, patterns resolved.

    "Contactez votre mairie d'arrondissement" is left out unless `include_mairie`: the
    arrondissement page says it once for the whole "through your mairie" group.
    """
    return [
        resolve_contact(contact, number)
        for contact in related(entry, "contacts")
        if serves(contact, number) and (include_mairie or contact.kind != ContactKind.MAIRIE)
    ]


@dataclass(frozen=True)
class MairieOffice:
    """An arrondissement's mairie as every output names it: "Mairie du 18e arrondissement"
    unless editors gave another name, and its contacts (postal address, phone, web page)."""

    number: int
    name: str
    address_lines: tuple
    contacts: tuple

    @property
    def invitation(self):
        """What replaces "Contactez votre mairie d'arrondissement" once it is known."""
        if self.name.casefold().startswith("mairie "):
            return f"Contactez la {self.name[0].lower()}{self.name[1:]}"
        return f"Contactez : {self.name}"


def mairie_office(number):
    """The mairie of arrondissement `number`, or None while nothing is filled in: no
    output invents an address (the guide's sources give none)."""
    row = mairie_rows().get(number)
    if row is None or not row.has_mairie_contact:
        return None
    lines = tuple(line.strip() for line in row.mairie_address.splitlines() if line.strip())
    rows = (
        (ContactKind.ADDRESS, "Adresse", ", ".join(lines)),
        (ContactKind.PHONE, "Téléphone", row.mairie_phone),
        (ContactKind.URL, "Site", row.mairie_url),
    )
    # Read and linked as an entry's contact of the same kind would be.
    contacts = [
        ResolvedContact(
            str(kind), label, value, contact_display_value(kind, value), contact_href(kind, value)
        )
        for kind, label, value in rows
        if value
    ]
    name = row.mairie_name.strip() or f"Mairie du {arrondissement_label(number)} arrondissement"
    return MairieOffice(number, name, lines, tuple(contacts))


def arrondissement_contacts(entries, number):
    """Every contact an arrondissement's web page, API item and PDF edition show.

    The mairie's own first (when editors filled it in), then for each entry that applies
    to the arrondissement (citywide or listed), its contacts that serve it, in the
    guide's order; the same sets in all three outputs (tested by
    tests/cms/entries/test_parity.py).
    """
    office = mairie_office(number)
    return [
        *(office.contacts if office else ()),
        *(
            contact
            for entry in entries
            if entry.applies_to(number)
            for contact in contacts_for(entry, number)
        ),
    ]


def reaches_through_mairie(entry):
    """A Paris-wide entry one joins through the mairie d'arrondissement (conseils de quartier)."""
    return any(contact.kind == ContactKind.MAIRIE for contact in related(entry, "contacts"))


@dataclass
class LocalEntry:
    """An entry on an arrondissement's page, with what serves that arrondissement."""

    entry: object
    contacts: list = field(default_factory=list)
    funds: list = field(default_factory=list)


def arrondissement_digest(number):
    """Entries of one arrondissement in three groups a resident understands.

    - "nearby": entries that exist only in some arrondissements (conseil citoyen, kiosques,
      FPH...), with their local contacts and funds;
    - "mairie": Paris-wide entries you reach through your mairie d'arrondissement
      (conseils de quartier...);
    - "citywide": the rest of the guide, as [(section, [LocalEntry...])];
    and "office", the arrondissement's mairie (`mairie_office`, None when not filled in).
    Every group carries the contacts that serve the arrondissement.
    """
    nearby, mairie, citywide = [], [], []
    for section, entries in outline(number):
        rest = []
        for entry in entries:
            local = LocalEntry(entry, contacts_for(entry, number))
            if not entry.citywide:
                local.funds = [f for f in related(entry, "fph_funds") if f.arrondissement == number]
                nearby.append(local)
            elif reaches_through_mairie(entry):
                mairie.append(local)
            else:
                rest.append(local)
        if rest:
            citywide.append((section, rest))
    return {
        "office": mairie_office(number),
        "nearby": nearby,
        "mairie": mairie,
        "citywide": citywide,
    }


# --- entries -------------------------------------------------------------------------------


def age_label(entry):
    """ "De 15 à 30 ans", "Dès 7 ans", "Jusqu'à 30 ans", or "" when the entry has no age."""
    if entry.min_age and entry.max_age:
        return f"De {entry.min_age} à {entry.max_age} ans"
    if entry.min_age:
        return f"Dès {entry.min_age} ans"
    if entry.max_age:
        return f"Jusqu'à {entry.max_age} ans"
    return ""


def plain_text(html):
    """Rich text as one line of plain text."""
    if not html:
        return ""
    # Once per text in a publish: an entry's excerpt is on its page, its cards and the
    # search index, and Django's strip_tags parses the HTML each time.
    return memo(("plain_text", str(html)), lambda: " ".join(strip_tags(html).split()))


def excerpt(entry, words=EXCERPT_WORDS):
    """The first words of the presentation, else of "Pourquoi ?", else of "Pour qui ?"."""
    source = plain_text(entry.summary) or plain_text(entry.why) or plain_text(entry.for_whom)
    return Truncator(source).words(words, truncate="…")


def funds_in_order(funds):
    """FPH rows as the table prints them: by arrondissement, then in the editors' order."""
    return sorted(funds, key=fund_order)


def group_by_section(entries, section_list=None):
    """[(section, [entries...]), ...] in the guide's order; sections without entries dropped."""
    grouped = {}
    for entry in entries:
        grouped.setdefault(entry.kind, []).append(entry)
    return [
        (section, grouped[section.kind])
        for section in (sections() if section_list is None else section_list)
        if section.kind in grouped
    ]


def fold_accents(text):
    """Lower case without accents: "Élève" -> "eleve", for forgiving comparisons."""
    text = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(char for char in text if not unicodedata.combining(char))


# --- dates ---------------------------------------------------------------------------------

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day):
    """ "1er septembre 2017", "12 mars 2027" (French style: "1er" for the first)."""
    if day is None:
        return ""
    if hasattr(day, "tzinfo") and hasattr(day, "hour"):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def updated_on(entry):
    """The date residents read after "Mis à jour le": when the entry was last *checked*.

    Its "vérifié le" date, not its last publication: republishing fixes a comma or moves
    an entry without anyone checking its phone numbers, and the 2017 guide loaded today
    would otherwise claim to be up to date. Only an entry never checked falls back to
    its last publication.
    """
    if entry.verified_on:
        return entry.verified_on
    when = getattr(entry, "last_published_at", None)
    return timezone.localdate(when) if when else None


def updated_label(entry):
    """ "Mis à jour le 1er septembre 2017", or "" when the entry has no date at all."""
    day = updated_on(entry)
    return f"Mis à jour le {french_date(day)}" if day else ""
