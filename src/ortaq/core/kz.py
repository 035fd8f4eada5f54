"""Kazakhstan's identification numbers and time zone.

The IIN (a person's number) and the BIN (an organisation's) are 12 digits whose last digit is a
check digit over the first eleven; see ``docs/domain.md``.
"""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kazakhstan moved to one time zone, UTC+5, on 1 March 2024; tzdata 2024a records it as
# Asia/Almaty, so dates before that day keep the offset they had.
KZ_TZ = ZoneInfo("Asia/Almaty")

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """Return the check digit for eleven digits, or None for a number that is never issued."""
    digits = [int(c) for c in first_eleven]
    remainder = sum(w * d for w, d in zip(_FIRST_WEIGHTS, digits, strict=True)) % 11
    if remainder == 10:
        remainder = sum(w * d for w, d in zip(_SECOND_WEIGHTS, digits, strict=True)) % 11
    return None if remainder == 10 else remainder


def is_valid_id_number(value: str) -> bool:
    """Tell whether ``value`` is twelve digits with a correct check digit (IIN or BIN)."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:11]) == int(value[11])


def validate_iin(value: str) -> None:
    """Raise ValidationError unless ``value`` is a well-formed IIN."""
    if not is_valid_id_number(value):
        raise ValidationError(
            _("An IIN is 12 digits with a correct check digit; “%(value)s” is not."),
            code="invalid_iin",
            params={"value": value},
        )


def validate_bin(value: str) -> None:
    """Raise ValidationError unless ``value`` is a well-formed BIN."""
    if not is_valid_id_number(value):
        raise ValidationError(
            _("A BIN is 12 digits with a correct check digit; “%(value)s” is not."),
            code="invalid_bin",
            params={"value": value},
        )
