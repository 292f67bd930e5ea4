"""Editors get a clear French error for every bad value, and nothing bad is stored."""

from django.core.exceptions import ValidationError

import pytest

from cms.entries.models import Arrondissement, Entry, EntryContact, FphFund


def messages_of(excinfo):
    error = excinfo.value
    if hasattr(error, "message_dict"):
        return " ".join(m for msgs in error.message_dict.values() for m in msgs)
    return " ".join(error.messages)


@pytest.mark.parametrize("bad", ["01 23", "06 12 34 56 7", "abc", "+33 1 2", "08 00 00 00 00 00"])
def test_fph_fund_rejects_bad_phone_numbers_in_french(bad):
    fund = FphFund(arrondissement=18, fund="FPH", association="Salle Saint Bruno", phone=bad)
    with pytest.raises(ValidationError) as excinfo:
        fund.clean()
    assert "n'est pas un numéro de téléphone valide" in messages_of(excinfo)


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("01 53 09 99 53", "+33153099953", "01 53 09 99 53"),
        ("01.53.09.99.53", "+33153099953", "01 53 09 99 53"),
        ("0153099953", "+33153099953", "01 53 09 99 53"),
        ("+33 1 53 09 99 53", "+33153099953", "01 53 09 99 53"),
    ],
)
def test_phone_numbers_are_stored_in_one_form_and_shown_the_french_way(typed, stored, shown):
    fund = FphFund(arrondissement=18, fund="FPH", association="Salle Saint Bruno", phone=typed)
    fund.clean()
    assert fund.phone == stored
    assert fund.phone_display == shown


@pytest.mark.parametrize(
    "bad", ["coderpa75@", "pas une adresse", "a@b", "conseil citoyen@gmail.com"]
)
def test_contact_rejects_bad_emails_in_french(bad):
    contact = EntryContact(kind="email", value=bad)
    with pytest.raises(ValidationError) as excinfo:
        contact.clean()
    assert "n'est pas une adresse e-mail valide" in messages_of(excinfo)


def test_patterned_email_needs_its_placeholder():
    contact = EntryContact(kind="email_pattern", value="conseilcitoyen@gmail.com")
    with pytest.raises(ValidationError) as excinfo:
        contact.clean()
    assert "doit contenir XX" in messages_of(excinfo)


def test_patterned_email_resolves_per_arrondissement():
    contact = EntryContact(kind="email_pattern", value="conseilcitoyenXX@gmail.com")
    contact.clean()
    assert contact.resolve(18) == "conseilcitoyen18@gmail.com"
    assert contact.resolve(10) == "conseilcitoyen10@gmail.com"


@pytest.mark.parametrize("bad", [0, 21, 99, -1])
def test_patterned_email_refuses_an_arrondissement_outside_paris(bad):
    contact = EntryContact(kind="email_pattern", value="conseilcitoyenXX@gmail.com")
    with pytest.raises(ValidationError) as excinfo:
        contact.resolve(bad)
    assert "n'est pas un arrondissement de Paris" in messages_of(excinfo)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [0, 21, 75])
def test_arrondissement_outside_1_to_20_gets_a_french_error(bad):
    with pytest.raises(ValidationError) as excinfo:
        Arrondissement(number=bad).full_clean()
    assert "n'est pas un arrondissement de Paris" in messages_of(
        excinfo
    ) or "n'est pas un choix valide" in messages_of(excinfo)
    fund = FphFund(arrondissement=bad, fund="FPH", association="X", phone="0143296261")
    with pytest.raises(ValidationError) as excinfo:
        fund.clean_fields(exclude=["entry"])
    assert "arrondissement" in excinfo.value.message_dict


def test_contact_url_must_be_a_web_address():
    contact = EntryContact(kind="url", value="paris point fr")
    with pytest.raises(ValidationError) as excinfo:
        contact.clean()
    assert "n'est pas une adresse web valide" in messages_of(excinfo)


def test_phone_contact_is_normalised_and_short_city_numbers_are_kept():
    contact = EntryContact(kind="phone", value="01 49 27 95 79")
    contact.clean()
    assert contact.value == "+33149279579"
    assert contact.display_value == "01 49 27 95 79"
    assert contact.href == "tel:+33149279579"
    short = EntryContact(kind="phone", value="3975")
    short.clean()
    assert short.display_value == "3975"


def test_entry_age_range_must_be_consistent():
    entry = Entry(kind="instance", title="Conseil", slug="conseil", min_age=30, max_age=15)
    with pytest.raises(ValidationError) as excinfo:
        entry.clean()
    assert "L'âge maximum doit être supérieur" in messages_of(excinfo)


@pytest.mark.django_db
def test_entry_slug_must_be_readable_ascii():
    entry = Entry(kind="instance", title="Conseil", slug="conseil-éte")
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert "slug" in excinfo.value.message_dict
