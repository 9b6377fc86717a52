"""Personal identifiers: validation (GB 11643), keyed hashes for lookup, masking.

ID numbers and phones are stored encrypted; an HMAC keyed with
settings.PII_HASH_KEY lets the register find a person by exact value without
ever storing or comparing the plain text.
"""

import datetime
import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights of the first 17 digits and the check characters for
# the weighted sum modulo 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# [0-9], never \d: in Python \d also matches full-width and other scripts'
# digits, and an identifier must reach the hash in exactly one spelling.
ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_PHONE_SHAPE = re.compile(r"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8})$")
# Letters that draw nothing (Hangul fillers, the braille blank): a name of them only looks empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Co", "Cn", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"))


def normalise_identifier(value: str) -> str:
    """The one spelling of an ID number or phone, wherever it comes from.

    Intake (the desk's form and the intake service), the register search and
    the same-person lookup all pass what was typed through here before
    validating, storing or hashing it: a Chinese input method types full-width
    digits (１１０１…) and spaces, a pasted number brings zero-width
    characters, and any of them would otherwise give a different keyed hash,
    so that the person is never found again. NFKC folds full-width forms to
    ASCII; digits of other scripts (Arabic-Indic ٠١٢…) are mapped to 0-9 too,
    since the check digit still guards the number; whitespace of every kind
    and invisible format characters go; x becomes X. What is left is checked
    against ASCII-only shapes by the validators.
    """
    value = unicodedata.normalize("NFKC", value or "")
    kept = []
    for char in value:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        kept.append(str(digit) if digit is not None else char)
    return "".join(kept).upper()


def normalise_id_number(value: str) -> str:
    return normalise_identifier(value)


def validate_id_number(value: str) -> str:
    number = normalise_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("An ID number has 18 characters; this one has %(n)d."), params={"n": len(number)}, code="id_length")
    if not ID_SHAPE.match(number):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="id_shape")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date in this ID number does not exist."), code="id_birth_date")
    if not datetime.date(1900, 1, 1) <= birth <= datetime.date.today():
        raise ValidationError(_("The birth date in this ID number is out of range."), code="id_birth_date")
    expected = _CHECK[sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS)) % 11]
    if number[17] != expected:
        raise ValidationError(_("The check digit of this ID number is wrong: please read it again."), code="id_check_digit")
    return number


def normalise_phone(value: str) -> str:
    phone = re.sub(r"[()]", "", normalise_identifier(value))
    return phone.removeprefix("+86")


def validate_phone(value: str) -> str:
    phone = normalise_phone(value)
    if not _PHONE_SHAPE.match(phone):
        raise ValidationError(_("Enter an 11-digit mobile number or a landline with its area code."), code="phone_shape")
    return phone


def validate_optional(validate, value: str) -> str:
    """`validate(value)`, or "" when nothing but blanks was typed."""
    return validate(value) if normalise_identifier(value) else ""


def validate_visible_name(value: str) -> None:
    """Refuse a name made only of invisible characters (zero-width space, BOM, fillers).

    Such a name passes "required" (it is not empty) but shows as a blank on
    every list, slip and letter. Used by the model fields (so the admin too),
    the desk's forms and the intake service.
    """
    if value and not any(_visible(char) for char in value):
        raise ValidationError(_("Enter a name with visible characters; this one is blank or invisible."),
                              code="invisible_name")


def _visible(char: str) -> bool:
    return not (char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES)


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of a normalised identifier; empty input gives an empty hash."""
    if not value:
        return ""
    message = f"{kind}:{value}".encode()
    return hmac.new(settings.PII_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def id_hash(number: str) -> str:
    return keyed_hash("id", normalise_id_number(number))


def phone_hash(phone: str) -> str:
    return keyed_hash("phone", normalise_phone(phone))


def mask_id_number(number: str) -> str:
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str) -> str:
    """The first character (the family name, most often) and a star for each other: 张三 → 张*."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)
