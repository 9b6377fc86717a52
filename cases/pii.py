"""Personal identifiers: validation (GB 11643), keyed hashes for lookup, masking.

ID numbers and phones are stored encrypted; an HMAC keyed with
settings.PII_HASH_KEY lets the register find a person by exact value without
ever storing or comparing the plain text.
"""

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights of the first 17 digits and the check characters for
# the weighted sum modulo 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_PHONE_SHAPE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_id_number(value: str) -> str:
    number = normalise_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("An ID number has 18 characters; this one has %(n)d."), params={"n": len(number)}, code="id_length")
    if not _ID_SHAPE.match(number):
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
    phone = re.sub(r"[\s()]", "", value or "")
    return phone.removeprefix("+86")


def validate_phone(value: str) -> str:
    phone = normalise_phone(value)
    if not _PHONE_SHAPE.match(phone):
        raise ValidationError(_("Enter an 11-digit mobile number or a landline with its area code."), code="phone_shape")
    return phone


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
