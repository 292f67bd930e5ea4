"""What applies in one arrondissement: the resident's "près de chez moi" view of the guide."""

from dataclasses import dataclass, field

from cms.entries.models import ContactKind
from cms.entries.published import outline


@dataclass
class LocalContact:
    label: str
    value: str
    href: str = ""


@dataclass
class LocalEntry:
    entry: object
    contacts: list = field(default_factory=list)
    funds: list = field(default_factory=list)


def local_contacts(entry, number):
    """The entry's contacts that serve this arrondissement, patterns resolved."""
    contacts = []
    for contact in entry.contacts.all():
        if contact.arrondissement not in (None, number):
            continue
        if contact.kind == ContactKind.MAIRIE:
            continue
        if contact.is_pattern:
            email = contact.resolve(number)
            contacts.append(LocalContact(contact.label, email, f"mailto:{email}"))
        else:
            contacts.append(LocalContact(contact.label, contact.display_value, contact.href))
    return contacts


def has_mairie_contact(entry):
    return any(contact.kind == ContactKind.MAIRIE for contact in entry.contacts.all())


def arrondissement_digest(number):
    """Entries of one arrondissement in three groups a resident understands.

    - "nearby": entries that exist only in some arrondissements (conseil citoyen, kiosques,
      FPH...), with their local contacts and funds;
    - "mairie": Paris-wide entries you reach through your mairie d'arrondissement
      (conseils de quartier...);
    - "citywide": the rest of the guide, by section.
    """
    nearby, mairie, citywide = [], [], []
    for section, entries in outline(number):
        rest = []
        for entry in entries:
            if not entry.citywide:
                funds = [f for f in entry.fph_funds.all() if f.arrondissement == number]
                nearby.append(LocalEntry(entry, local_contacts(entry, number), funds))
            elif has_mairie_contact(entry):
                mairie.append(LocalEntry(entry, local_contacts(entry, number)))
            else:
                rest.append(entry)
        if rest:
            citywide.append((section, rest))
    return {"nearby": nearby, "mairie": mairie, "citywide": citywide}
