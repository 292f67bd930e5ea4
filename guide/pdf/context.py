"""What the print templates read: the published outline turned into ready-to-print values.

Templates stay free of logic: contacts are resolved for an arrondissement, phone numbers
formatted, addresses made readable and inclusive-writing words protected from line
breaks here, once, for every edition.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from cms.core.arrondissements import arrondissement_label
from cms.entries.models import ContactKind, Section, readable_url
from cms.entries.presentation import (
    age_label,
    french_date,
    funds_in_order,
    mairie_office,
    resolve_contact,
    serves,
    updated_label,
)
from cms.entries.published import guide_frame, guide_outline
from cms.entries.typography import typographie

from .images import print_ready

# A word holding a point médian ("Parisien·ne·s", "le·la"): printed unbroken, never
# hyphenated, because a line ending on "Parisien·" reads as a typo.
# Older texts write them with hyphens ("Parisien-ne-s", "tout-e-s"): same treatment,
# limited to the feminine/plural endings so that compounds ("peut-être") still break.
# "détenteur.rice.s" (points) likewise: a line never ends on "détenteur.".
INCLUSIVE_WORD = re.compile(
    r"[\w'’-]*\w·\w[\w·'’-]*"
    r"|\w+(?:-(?:e|es|ne|nes|te|tes|s|x|le|la|rice|rices|ice|ices|ère|ères|euse|euses|ve|ves))+(?![\w-])"
    r"|\w+(?:\.(?:e|es|ne|nes|te|tes|s|x|rice|rices|ice|ices|ère|ères|euse|euses|ve|ves))+(?![\w.-])"
)
TAG = re.compile(r"(<[^>]+>)")
# A line must not start with "?" or "»": French puts a no-break space before them.
SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0]([?!:;»])")
SPACE_AFTER_GUILLEMET = re.compile(r"«[ \u00a0]")
# Digits of an HTML entity (&#x27;) are not a figure.
DIGITS = re.compile(r"(?<!&#x)(?<!&#)(?<!\d)((?:\+\s?)?\d(?:[\d\u00a0\u202f ]*\d)?)(\s?%)?")
ANCHOR_OPEN = re.compile(r"<a\b[^>]*>")

CONTACT_LABELS = {
    ContactKind.EMAIL: "Courriel",
    ContactKind.EMAIL_PATTERN: "Courriel",
    ContactKind.PHONE: "Téléphone",
    ContactKind.ADDRESS: "Adresse",
    ContactKind.URL: "Site",
    ContactKind.SOCIAL: "Réseaux sociaux",
    ContactKind.MAIRIE: "",
    ContactKind.TEXT: "",
}
PATTERN_EXPLANATION = "remplacer XX par le numéro de votre arrondissement"


def protect_inclusive(html):
    """French typography (cms.entries.typography, shared with the web and the API), then
    inclusive-writing words in a no-break span and French punctuation glued to its word
    ("Pour qui ?", « idee.paris »), leaving tags and attributes untouched."""
    parts = TAG.split(typographie(html))
    for index in range(0, len(parts), 2):
        text = INCLUSIVE_WORD.sub(r'<span class="nobr">\g<0></span>', parts[index])
        text = SPACE_BEFORE_PUNCTUATION.sub("\u202f\\1", text)
        parts[index] = SPACE_AFTER_GUILLEMET.sub("«\u00a0", text)
    return "".join(parts)


def plain(text):
    return mark_safe(protect_inclusive(escape(text or "")))  # noqa: S308 - escaped above


def rich(html, clickable):
    """Rich text as printed: links kept clickable on screen, plain text on paper."""
    html = expand_db_html(html or "")
    if not clickable:
        html = ANCHOR_OPEN.sub('<span class="link">', html).replace("</a>", "</span>")
    return mark_safe(protect_inclusive(html))  # noqa: S308 - editor rich text, sanitised on save


def highlight_figures(text):
    """A key figure with its numbers emphasised ("+ de <b>15000</b> conseiller·ère·s")."""
    parts = TAG.split(protect_inclusive(escape(text)))
    for index in range(0, len(parts), 2):
        parts[index] = DIGITS.sub(r'<strong class="num">\g<0></strong>', parts[index])
    return mark_safe("".join(parts))  # noqa: S308 - escaped above


@dataclass
class PrintContact:
    label: str
    value: str
    href: str = ""
    note: str = ""
    # A patterned e-mail on screen: one clickable address per arrondissement, as on the
    # entry's web page, [(arrondissement label, address, mailto link)].
    addresses: list = field(default_factory=list)
    # "See the mairie's contact details on page N" (the anchor of that block).
    page_ref: str = ""


@dataclass
class PrintLink:
    label: str
    text: str
    url: str


@dataclass
class PrintEntry:
    entry: object
    anchor: str
    title: str
    group: str
    audience: str
    summary: str
    for_whom: str
    why: str
    how: str
    figures: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    links: list = field(default_factory=list)
    fph_rows: list = field(default_factory=list)
    updated: str = ""

    @property
    def toc_parts(self):
        """The title as the printed sommaire sets it: its last word kept with the leader
        and the page number, so that a long title never leaves them alone on a line."""
        words = str(self.entry.display_name).split()
        cut = len(words) - (2 if len(words) > 2 and not words[-1][0].isalnum() else 1)
        if cut < 1 or not any(char.isalnum() for char in words[cut - 1]):
            # One word, or a head ending on "«": too short to break, kept whole.
            return "", self.title
        return plain(" ".join(words[:cut])), plain(" ".join(words[cut:]))

    @property
    def has_questions(self):
        return bool(self.for_whom or self.why or self.how)


@dataclass
class PrintSection:
    section: object
    number: int
    anchor: str
    title: str
    intro: str
    entries: list
    pictogram_url: str = ""


# Where an arrondissement edition prints its mairie (templates/print/closing.html).
MAIRIE_ANCHOR = "vos-contacts"


def contact_for_print(contact, arrondissement, clickable=False, office=None):
    kind = contact.kind
    label = contact.label or CONTACT_LABELS.get(kind, "")
    if kind == ContactKind.MAIRIE and office is not None:
        # "Contactez votre mairie d'arrondissement" names the mairie and sends the
        # reader to its contact details, printed once.
        return PrintContact(plain(label), plain(office.invitation), page_ref=MAIRIE_ANCHOR)
    if arrondissement is not None:
        # The rule every output shares: patterns resolved (cms.entries.presentation).
        resolved = resolve_contact(contact, arrondissement)
        value = resolved.value if contact.is_pattern else plain(resolved.display_value)
        return PrintContact(plain(label), value, href=resolved.href)
    if kind == ContactKind.EMAIL_PATTERN and clickable:
        addresses = []
        for number in contact.entry.arrondissement_numbers():
            resolved = resolve_contact(contact, number)
            addresses.append((plain(arrondissement_label(number)), resolved.value, resolved.href))
        return PrintContact(
            plain(label), plain("une adresse par arrondissement"), addresses=addresses
        )
    if kind == ContactKind.EMAIL_PATTERN:
        example = contact.resolve(18)
        return PrintContact(
            plain(label),
            contact.value,
            note=plain(f"{PATTERN_EXPLANATION} (par exemple {example} pour le 18e)"),
        )
    return PrintContact(plain(label), plain(contact.display_value), href=contact.href)


def entry_for_print(entry, arrondissement=None, clickable=True, office=None):
    contacts = [
        contact_for_print(contact, arrondissement, clickable, office)
        for contact in entry.contacts.all()
        if arrondissement is None or serves(contact, arrondissement)
    ]
    fph_rows = [
        {
            "place": plain(row.place_label),
            "arrondissement": row.arrondissement,
            "fund": row.fund,
            "association": plain(row.association),
            "phone": row.phone_display,
            "phone_href": row.phone_link,
            "phone_note": row.phone_note,
        }
        for row in funds_in_order(entry.fph_funds.all())
        if arrondissement is None or row.arrondissement == arrondissement
    ]
    audience = age_label(entry)
    # An arrondissement's own edition only holds what applies there: no need to say where,
    # except for entries found in some arrondissements only, listed as examples.
    where = ""
    numbers = ", ".join(arrondissement_label(n) for n in entry.arrondissement_numbers())
    if entry.citywide:
        pass
    elif entry.arrondissements_are_examples:
        where = "Dans certains arrondissements" + (
            f", par exemple les {numbers}" if arrondissement is None and numbers else ""
        )
    elif arrondissement is None and numbers:
        where = f"Arrondissements : {numbers}"
    audience = " · ".join(part for part in (audience, where) if part)
    return PrintEntry(
        entry=entry,
        anchor=f"entry-{entry.slug}",
        title=plain(entry.display_name),
        group=plain(entry.group),
        audience=plain(audience),
        summary=rich(entry.summary, clickable),
        for_whom=rich(entry.for_whom, clickable),
        why=rich(entry.why, clickable),
        how=rich(entry.how, clickable),
        figures=[highlight_figures(figure.text) for figure in entry.key_figures.all()],
        contacts=contacts,
        links=[
            PrintLink(plain(link.label), link.display_text, link.url) for link in entry.links.all()
        ],
        fph_rows=fph_rows,
        updated=plain(updated_label(entry)),
    )


def substitute_entry(outline, draft):
    """The outline with `draft` in place of its published version (or added, if new)."""
    result = []
    placed = False
    for section, entries in outline:
        entries = [e for e in entries if e.pk != draft.pk]
        if section.kind == draft.kind:
            position = len(entries)
            for index, entry in enumerate(entries):
                if (entry.sort_order or 0) > (draft.sort_order or 0):
                    position = index
                    break
            entries.insert(position, draft)
            placed = True
        if entries:
            result.append((section, entries))
    if not placed:
        section = Section.objects.filter(kind=draft.kind).first()
        if section is not None:
            result.append((section, [draft]))
            result.sort(key=lambda pair: pair[0].number)
    return result


def office_for_print(office):
    if office is None:
        return None
    return {
        "name": plain(office.name),
        "address_lines": [plain(line) for line in office.address_lines],
        "contacts": [
            PrintContact(plain(contact.label), plain(contact.display_value), href=contact.href)
            for contact in office.contacts
            if contact.href  # the address is printed as lines above
        ],
    }


IDENTITY_DEFAULTS = "identity"


def image_url(image, default, cmyk=False):
    """An editor's image from the frame as a file URL, or the artwork shipped in
    static/print/identity/ (relative to the stylesheets' folder). With `cmyk` (the print
    edition), a raster image in RGB is replaced by its CMYK copy."""
    if image is not None and image.file:
        try:
            path = Path(image.file.path).resolve()
        except (NotImplementedError, ValueError):
            path = None
        if path is not None and path.exists():
            return (print_ready(path) if cmyk else path).as_uri()
    return f"{IDENTITY_DEFAULTS}/{default}"


def build_context(edition, paper="a5", arrondissement=None, draft=None):
    """Everything `print/guide.html` needs for one edition."""
    clickable = edition == "screen"
    cmyk = edition == "print"
    outline = guide_outline(arrondissement=arrondissement)
    if draft is not None:
        outline = substitute_entry(outline, draft)
    office = mairie_office(arrondissement) if arrondissement else None
    sections = [
        PrintSection(
            section=section,
            number=section.number,
            anchor=f"section-{section.slug}",
            title=plain(section.title),
            intro=rich(section.intro, clickable),
            entries=[entry_for_print(e, arrondissement, clickable, office) for e in entries],
            pictogram_url=image_url(
                getattr(section, "pictogram", None), f"part-{section.number}.svg", cmyk
            ),
        )
        for section, entries in outline
    ]
    frame = guide_frame()
    return {
        "edition": edition,
        "paper": paper,
        "clickable": clickable,
        "arrondissement": arrondissement,
        "arrondissement_label": arrondissement_label(arrondissement) if arrondissement else "",
        "frame": frame,
        "edition_date_label": french_date(frame.edition_date) if frame else "",
        "edito_html": rich(frame.edito_text, clickable) if frame else "",
        "closing_html": rich(frame.closing_text, clickable) if frame else "",
        "publisher_html": rich(frame.publisher_block, clickable) if frame else "",
        "closing_url_text": readable_url(frame.closing_url) if frame else "",
        "commitments": [
            {"title": plain(block.value["title"]), "text": plain(block.value["text"])}
            for block in (frame.commitments if frame else [])
        ],
        "sections": sections,
        "is_draft_preview": draft is not None,
        # The arrondissement's mairie (cms.entries.presentation.mairie_office, as on its
        # web page and API item), or None: nothing is printed rather than invented.
        "office": office_for_print(office),
        "mairie_anchor": MAIRIE_ANCHOR,
        "logo_url": image_url(getattr(frame, "logo", None), "logo.svg", cmyk),
        "cover_image_url": image_url(getattr(frame, "cover_image", None), "cover.svg", cmyk),
    }
