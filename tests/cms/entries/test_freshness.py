"""Every entry says who checks it and when: "vérifié le", "à revoir avant", a responsable."""

import datetime
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.loading import load_guide, read_guide_data
from cms.entries.models import Entry
from cms.entries.presentation import french_date, updated_label, updated_on

pytestmark = pytest.mark.django_db

GUIDE_EDITION = datetime.date(2017, 3, 31)


def test_a_new_entry_is_checked_today_and_due_a_year_later():
    entry = EntryFactory()
    today = timezone.localdate()
    assert entry.verified_on == today
    assert entry.review_before == today.replace(year=today.year + 1)


def test_review_date_left_blank_is_a_year_after_the_check():
    entry = EntryFactory(verified_on=datetime.date(2024, 2, 29))
    assert entry.review_before == datetime.date(2025, 2, 28)
    entry = EntryFactory(verified_on=datetime.date(2025, 3, 12), review_before=None)
    assert entry.review_before == datetime.date(2026, 3, 12)


def test_review_date_an_editor_sets_is_kept():
    entry = EntryFactory(
        verified_on=datetime.date(2026, 1, 5), review_before=datetime.date(2026, 6, 30)
    )
    entry.refresh_from_db()
    assert entry.review_before == datetime.date(2026, 6, 30)


def test_review_date_before_the_check_is_refused_in_french():
    entry = EntryFactory.build(
        slug="a-verifier",
        verified_on=datetime.date(2026, 5, 1),
        review_before=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    message = " ".join(error.value.message_dict["review_before"])
    assert "« à revoir avant » ne peut pas précéder la date « vérifié le » (01/05/2026)" in message


def test_owner_deleted_leaves_the_entry_without_owner(django_user_model):
    owner = django_user_model.objects.create_user("camille", "camille@example.invalid")
    entry = EntryFactory(owner=owner)
    owner.delete()
    entry.refresh_from_db()
    assert entry.owner is None


def test_an_old_revision_without_the_dates_keeps_the_rows(django_user_model):
    owner = django_user_model.objects.create_user("camille", "camille@example.invalid")
    entry = EntryFactory(verified_on=datetime.date(2017, 9, 1), owner=owner)
    revision = entry.latest_revision
    for name in ("verified_on", "review_before", "owner"):
        revision.content.pop(name)
    revision.save()
    Entry.objects.filter(pk=entry.pk).update(last_reminded_at=timezone.now())
    entry.refresh_from_db()
    restored = entry.latest_revision.as_object()
    assert restored.verified_on == datetime.date(2017, 9, 1)
    assert restored.review_before == datetime.date(2018, 9, 1)
    assert restored.owner == owner
    assert restored.last_reminded_at == entry.last_reminded_at


# --- the 2017 default content ---------------------------------------------------------


def test_default_content_says_it_was_checked_in_2017():
    call_command("load_guide", stdout=StringIO())
    assert read_guide_data()["frame"]["edition_date"] == GUIDE_EDITION
    entries = Entry.objects.all()
    assert entries.count() > 20
    assert {entry.verified_on for entry in entries} == {GUIDE_EDITION}
    assert {entry.review_before for entry in entries} == {datetime.date(2018, 3, 31)}
    # Long past: every shipped entry is overdue.
    assert Entry.objects.due_for_review().count() == entries.count()


def test_loading_again_keeps_an_editors_dates_and_fills_blank_ones():
    load_guide()
    checked = Entry.objects.get(slug="paris-petition")
    checked.verified_on = datetime.date(2026, 11, 2)
    checked.review_before = None
    checked.save()
    blank = Entry.objects.exclude(pk=checked.pk).first()
    Entry.objects.filter(pk=blank.pk).update(verified_on=None, review_before=None)

    report = load_guide()

    assert not report.changed
    checked.refresh_from_db()
    assert checked.verified_on == datetime.date(2026, 11, 2)
    assert checked.review_before == datetime.date(2027, 11, 2)
    blank.refresh_from_db()
    assert blank.verified_on == GUIDE_EDITION
    assert blank.review_before == datetime.date(2018, 3, 31)


# --- "Mis à jour le" ------------------------------------------------------------------


def test_french_dates():
    assert french_date(datetime.date(2017, 3, 12)) == "12 mars 2017"
    assert french_date(datetime.date(2017, 9, 1)) == "1er septembre 2017"
    assert french_date(datetime.date(2026, 8, 15)) == "15 août 2026"


def test_updated_is_the_check_not_the_last_publication():
    entry = EntryFactory(verified_on=datetime.date(2017, 9, 1))
    assert entry.last_published_at.date() != datetime.date(2017, 9, 1)
    assert updated_label(entry) == "Mis à jour le 1er septembre 2017"


def test_updated_falls_back_to_the_publication_when_never_checked():
    entry = EntryFactory()
    Entry.objects.filter(pk=entry.pk).update(verified_on=None)
    entry.refresh_from_db()
    assert updated_on(entry) == timezone.localdate(entry.last_published_at)


def test_a_computed_review_date_follows_a_new_check():
    entry = EntryFactory(verified_on=datetime.date(2017, 9, 1))
    entry.verified_on = datetime.date(2026, 3, 12)
    entry.full_clean()
    entry.save()
    assert entry.review_before == datetime.date(2027, 3, 12)


def test_a_chosen_review_date_does_not_follow_a_new_check():
    entry = EntryFactory(
        verified_on=datetime.date(2026, 1, 5), review_before=datetime.date(2026, 6, 30)
    )
    entry.verified_on = datetime.date(2026, 2, 1)
    entry.save()
    assert entry.review_before == datetime.date(2026, 6, 30)
