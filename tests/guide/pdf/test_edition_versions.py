"""Each edition's content version moves only when something it prints changes."""

import pytest

from cms.entries.factories import EntryFactory, FphFundFactory
from cms.entries.models import Arrondissement
from guide.pdf.version import edition_versions

pytestmark = pytest.mark.django_db

EDITIONS = (None, 3, 15, 18)


def test_what_each_edition_prints_moves_its_version_only():
    EntryFactory(title="Budget participatif")
    local = EntryFactory(title="Conseil de quartier Javel", citywide=False)
    local.arrondissements.set([15])
    local.save_revision().publish()
    fund_entry = EntryFactory(title="Fonds de participation des habitants")
    versions = edition_versions(EDITIONS)

    local.title = "Conseil de quartier Javel-Grenelle"
    local.save_revision().publish()
    after_edit = edition_versions(EDITIONS)
    changed = [n for n in EDITIONS if after_edit[n] != versions[n]]
    assert changed == [None, 15]

    Arrondissement.objects.filter(number=3).update(mairie_phone="01 53 01 75 03")
    after_mairie = edition_versions(EDITIONS)
    changed = [n for n in EDITIONS if after_mairie[n] != after_edit[n]]
    assert changed == [3]

    FphFundFactory(entry=fund_entry, arrondissement=18)
    after_fund = edition_versions(EDITIONS)
    changed = [n for n in EDITIONS if after_fund[n] != after_mairie[n]]
    assert changed == [None, 18]
