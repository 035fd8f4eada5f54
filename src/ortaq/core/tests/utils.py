"""Helpers for tests of every app."""

import itertools

from ortaq.core.kz import check_digit

_serial = itertools.count(1)


def valid_id_number(prefix: str = "0604400") -> str:
    """Return a fresh, valid 12-digit IIN or BIN that starts with ``prefix`` (seven digits)."""
    while True:
        first = f"{prefix}{next(_serial):04d}"[:11]
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
