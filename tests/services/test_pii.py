import pytest
from django.core.exceptions import ValidationError

from cases import pii
from tests.conftest import VALID_ID


def test_a_valid_id_number_passes_and_is_normalised():
    assert pii.validate_id_number(" 11010519491231002x ") == VALID_ID


@pytest.mark.parametrize(
    "number, code",
    [
        ("1101051949123100", "id_length"),
        ("11010519491231002Y", "id_shape"),
        ("110105194902300021", "id_birth_date"),  # 30 February
        ("110105194912310021", "id_check_digit"),
    ],
)
def test_a_bad_id_number_is_refused_with_its_reason(number, code):
    with pytest.raises(ValidationError) as error:
        pii.validate_id_number(number)
    assert error.value.code == code


def test_id_numbers_and_phones_are_masked_for_display():
    assert pii.mask_id_number("210602198001011234") == "210602********1234"
    assert pii.mask_phone("13812345678") == "138****5678"


def test_the_keyed_hash_is_stable_and_differs_by_kind():
    assert pii.id_hash(VALID_ID) == pii.id_hash(VALID_ID.lower())
    assert pii.id_hash(VALID_ID) != pii.keyed_hash("phone", VALID_ID)
    assert pii.phone_hash("+86 138 1234 5678") == pii.phone_hash("13812345678")


@pytest.mark.parametrize("phone", ["12345", "138123456789", "abc"])
def test_a_bad_phone_is_refused(phone):
    with pytest.raises(ValidationError):
        pii.validate_phone(phone)
