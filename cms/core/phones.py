"""French phone numbers: validated and stored in one form (E.164), displayed the French way.

Stored: "+33143296261". Displayed: "01 43 29 62 61". Four-digit public service numbers
such as "3975" (the City's information line) are valid French short numbers and are
stored as they are dialled.
"""

import functools
import re

from django.core.exceptions import ValidationError

import phonenumbers

SHORT_NUMBER = re.compile(r"^(1\d{1,2}|3\d{3})$")


def normalise_phone(raw):
    """Return the stored form of a French phone number, or raise a French ValidationError."""
    if raw is None:
        return ""
    text = str(raw).strip()
    if not text:
        return ""
    compact = re.sub(r"[\s.\-()]", "", text)
    if SHORT_NUMBER.match(compact):
        return compact
    try:
        number = phonenumbers.parse(compact, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "« %(value)s » n'est pas un numéro de téléphone valide. "
            "Exemple attendu : 01 43 29 62 61.",
            code="invalid_phone",
            params={"value": text},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# A pure function of a string the guide repeats on hundreds of pages: parsed once each.
@functools.lru_cache(maxsize=4096)
def format_phone(stored):
    """French display form of a stored number ("01 43 29 62 61")."""
    if not stored:
        return ""
    if SHORT_NUMBER.match(stored):
        return stored
    try:
        number = phonenumbers.parse(stored, "FR")
    except phonenumbers.NumberParseException:
        return stored
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_href(stored):
    """Value of a tel: link."""
    return f"tel:{stored}" if stored else ""
