"""factory_boy factories: just the content a test needs, published or as a draft."""

import factory

from cms.core.factories import RevisionedModelFactory

from .models import Entry, EntryContact, EntryKind, FphFund


class EntryFactory(RevisionedModelFactory):
    class Meta:
        model = Entry

    kind = EntryKind.INSTANCE
    title = factory.Sequence(lambda n: f"Instance de test {n}")
    slug = factory.Sequence(lambda n: f"instance-de-test-{n}")
    for_whom = "<p>Pour tou·te·s les Parisien·ne·s.</p>"
    live = True
    sort_order = factory.Sequence(lambda n: 1000 + n)


class EntryContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryContact

    entry = factory.SubFactory(EntryFactory)
    kind = "email"
    value = factory.Sequence(lambda n: f"contact{n}@paris.fr")


class FphFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FphFund

    entry = factory.SubFactory(EntryFactory)
    arrondissement = 18
    fund = "FPH"
    association = "Association de test"
    phone = "01 53 09 99 53"
