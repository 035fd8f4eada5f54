"""The course page's CSRF token (``core.csrf.masked_token``) is Django's own, masked faster."""

from collections import Counter
from typing import Any

from django.middleware import csrf
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_TOKEN_LENGTH, get_token
from django.test import RequestFactory

from ortaq.core.csrf import masked_token

django_csrf: Any = csrf  # its checks, which django-stubs do not declare


def test_the_token_unmasks_to_the_secret_of_her_cookie_and_differs_each_time() -> None:
    request = RequestFactory().get("/")
    django_token = get_token(request)  # a new secret, as for a visitor without the cookie
    secret = request.META["CSRF_COOKIE"]
    tokens = [masked_token(request) for _ in range(2000)]
    for token in tokens:
        django_csrf._check_token_format(token)  # raises if it is not a token Django would accept
        assert len(token) == CSRF_TOKEN_LENGTH and django_csrf._unmask_cipher_token(token) == secret
    assert django_csrf._unmask_cipher_token(django_token) == secret
    assert len(set(tokens)) == len(tokens)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    # The mask's characters fall on all 62 evenly: 2000 masks of 32 give 64,000 characters,
    # 1,032 of each expected, within 160 (five standard deviations: a false alarm once in
    # some 25,000 runs). A mask taken as every byte modulo 62 would give the first eight
    # characters 1,250 each.
    counts = Counter("".join(token[:32] for token in tokens))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert min(counts.values()) > 872 and max(counts.values()) < 1192


def test_a_visitor_without_the_cookie_gets_a_new_secret_as_from_django() -> None:
    request = RequestFactory().get("/")
    token = masked_token(request)
    assert django_csrf._unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
