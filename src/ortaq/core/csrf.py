"""Django's CSRF token for a form, masked with randomness read from the system in one call.

``django.middleware.csrf.get_token`` masks the secret afresh for each answer (against BREACH)
with 32 characters chosen one by one through ``secrets.choice``: 32 reads of the system's
randomness and some 200 Python steps, a tenth of a warm course page. ``masked_token`` gives a
token of the same form, which Django unmasks and checks as its own: the mask's characters are
drawn uniformly from the same 62, from one read of random bytes (a byte of 248 or more, which
would favour some characters, is skipped).
"""

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_BASE = len(CSRF_ALLOWED_CHARS)  # 62
_UNBIASED = 256 - 256 % _BASE  # 248: bytes below it fall evenly on the 62 characters
_INDEX = {char: i for i, char in enumerate(CSRF_ALLOWED_CHARS)}


def _mask() -> list[int]:
    """CSRF_SECRET_LENGTH numbers below 62, uniform and independent."""
    drawn: list[int] = []
    while len(drawn) < CSRF_SECRET_LENGTH:
        drawn += [b % _BASE for b in secrets.token_bytes(48) if b < _UNBIASED]
    return drawn[:CSRF_SECRET_LENGTH]


def masked_token(request: HttpRequest) -> str:
    """What ``get_token(request)`` returns (and the same effect on the CSRF cookie)."""
    if "CSRF_COOKIE" not in request.META:
        return get_token(request)  # a new secret and cookie, as Django makes them
    secret = request.META["CSRF_COOKIE"]
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: renew the cookie
    mask = _mask()
    chars = CSRF_ALLOWED_CHARS
    return "".join(chars[m] for m in mask) + "".join(
        chars[(_INDEX[s] + m) % _BASE] for s, m in zip(secret, mask, strict=True)
    )
