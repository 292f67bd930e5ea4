"""The content version of each PDF edition: a hash of what that edition prints, and nothing
else.

`cms.entries.published.content_version()` covers everything published, so any edit would
make all the editions stale; an arrondissement's edition only prints the entries that
serve it, the sections they fall in, the frame, its own mairie and its own rows of the
FPH directory. Hashing exactly those lets an edit to a 15e-only entry leave the 3e's
edition alone. Like content_version(), it reads the publishing records (live revision
ids), not the texts, and adds what editors change without a revision (order, FPH rows,
mairie contacts). Every edition's version comes from one read of those records: the
admin's status and the background rebuild ask for all of them at once.
"""

import hashlib
from dataclasses import dataclass

from cms.entries.models import Arrondissement, Entry, FphFund, GuideFrame, Section

from .layout import layout_fingerprint


@dataclass(frozen=True)
class PublishedRecords:
    """The rows the editions are hashed from, read once."""

    entries: list  # (pk, live_revision_id, kind, sort_order, citywide, examples)
    numbers: dict  # {entry pk: frozenset of arrondissement numbers}
    sections: list  # (pk, live_revision_id, kind)
    frames: list  # (pk, live_revision_id)
    mairies: dict  # {number: (name, address, phone, url)}
    funds: list  # (entry pk, arrondissement, *every column)

    @classmethod
    def read(cls):
        published = Entry.objects.published()
        entries = list(
            published.order_by("pk").values_list(
                "pk",
                "live_revision_id",
                "kind",
                "sort_order",
                "citywide",
                "arrondissements_are_examples",
            )
        )
        numbers = {}
        links = Entry.arrondissements.through.objects.filter(entry__in=published)
        for entry_id, number in links.values_list("entry_id", "arrondissement__number"):
            numbers.setdefault(entry_id, set()).add(number)
        columns = [field.attname for field in FphFund._meta.concrete_fields]
        return cls(
            entries=entries,
            numbers={pk: frozenset(found) for pk, found in numbers.items()},
            sections=list(
                Section.objects.filter(live=True)
                .order_by("pk")
                .values_list("pk", "live_revision_id", "kind")
            ),
            frames=list(
                GuideFrame.objects.filter(live=True)
                .order_by("pk")
                .values_list("pk", "live_revision_id")
            ),
            mairies={
                row[0]: row[1:]
                for row in Arrondissement.objects.values_list(
                    "number", "mairie_name", "mairie_address", "mairie_phone", "mairie_url"
                )
            },
            funds=list(
                FphFund.objects.filter(entry__in=published)
                .order_by("pk")
                .values_list("entry_id", "arrondissement", *columns)
            ),
        )

    def serves(self, entry, arrondissement):
        """The rule of EntryQuerySet.in_arrondissement / Entry.applies_to, on the rows."""
        pk, _revision, _kind, _order, citywide, examples = entry
        return citywide or examples or arrondissement in self.numbers.get(pk, ())

    def version(self, arrondissement=None):
        shown = [
            entry
            for entry in self.entries
            if arrondissement is None or self.serves(entry, arrondissement)
        ]
        pks = {entry[0] for entry in shown}
        kinds = {entry[2] for entry in shown}
        records = [
            # The arrondissement lists are printed ("Arrondissements : 3e, 15e") in the
            # Paris-wide editions, and decide which entries an arrondissement gets.
            [(*entry, sorted(self.numbers.get(entry[0], ()))) for entry in shown],
            # Empty sections are left out of an edition: their intro is not printed.
            [section for section in self.sections if section[2] in kinds],
            self.frames,
            # Only an arrondissement's edition prints a mairie, its own.
            self.mairies.get(arrondissement) if arrondissement is not None else None,
            [
                fund
                for fund in self.funds
                if fund[0] in pks and (arrondissement is None or fund[1] == arrondissement)
            ],
            layout_fingerprint(),
        ]
        return hashlib.sha256(repr(records).encode("utf-8")).hexdigest()[:16]


def edition_version(arrondissement=None):
    """The content version of the Paris-wide editions (None) or of an arrondissement's."""
    return PublishedRecords.read().version(arrondissement)


def edition_versions(arrondissements):
    """{arrondissement: version} for several editions, from one read."""
    records = PublishedRecords.read()
    return {number: records.version(number) for number in arrondissements}
