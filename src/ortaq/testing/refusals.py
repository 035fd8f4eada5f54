"""The refusal rule (``docs/decisions/0011-how-a-refusal-is-answered.md``) as assertions.

- ``visitor``: nobody is signed in. A page redirects to the sign-in page with ``?next=`` back
  to itself; the API answers 401.
- ``outsider``: she is signed in and may not see the object (a members-only circle, someone
  else's project, question or certificate, a draft course): 404, as if it did not exist.
- ``onlooker``: she is signed in and may see the object, or the page needs none, but may not
  do this: 403.
"""

from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

Refusal = Literal["visitor", "outsider", "onlooker"]


def is_api(response: Any) -> bool:
    return str(response.request["PATH_INFO"]).startswith("/api/")


def refusal_of(response: Any) -> Refusal | None:
    """Which refusal ``response`` is, or None if it is none (an answer, a redirect elsewhere)."""
    status = response.status_code
    if status == 401 and is_api(response):
        return "visitor"
    if status == 302 and not is_api(response):
        location = urlsplit(response["Location"])
        sign_in = urlsplit(reverse("account_login")).path.split("/", 2)[-1]
        if location.path.endswith(sign_in) and parse_qs(location.query).get("next"):
            return "visitor"
        return None
    if status == 404:
        return "outsider"
    if status == 403:
        return "onlooker"
    return None


def assert_refused(response: Any, *, as_: Refusal) -> None:
    """Fail unless ``response`` refuses as the rule says for ``as_``; a visitor sent to sign in
    must be sent back to the page she asked for."""
    path = response.request["PATH_INFO"]
    got = refusal_of(response)
    assert got == as_, f"{path}: {response.status_code} is a {got or 'no'} refusal, not {as_}"
    if as_ == "visitor" and not is_api(response):
        location = urlsplit(response["Location"])
        query = response.request.get("QUERY_STRING", "")
        asked = f"{path}?{query}" if query else path
        assert parse_qs(location.query)["next"] == [asked], response["Location"]
    if is_api(response):
        assert "detail" in response.json(), response.content
