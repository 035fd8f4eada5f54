"""Text the API refuses before any endpoint sees it: control characters, in the query, the path,
a form or a JSON body, anywhere in it (keys too).

PostgreSQL cannot store NUL in text and answered a search for ``%00`` with a server error;
other control characters and lone surrogates (which a JSON ``\\udXXX`` escape can carry but
UTF-8 cannot encode) are never meant either. They are refused with a 422 naming the value.
"""

import re
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

# C0 controls except tab, line feed and carriage return (text may have lines), DEL, surrogates.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# The error's ``type``, which ``ortaq.api.errors`` turns into a message in the reader's language.
CONTROL_CHARACTER = "control_character"

Loc = tuple[str | int, ...]
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def _refused(value: Any, loc: Loc) -> Iterator[Loc]:
    if isinstance(value, str):
        if REFUSED.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and REFUSED.search(key):
                yield (*loc, key)
            else:
                yield from _refused(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _refused(item, (*loc, index))


def refuse_control_characters(value: Any, *, where: str) -> None:
    """Raise a ``ValidationError`` (422) naming every text in ``value`` that holds a control
    character; ``where`` (``query``, ``path``, ``form``, ``body``) begins each ``loc``."""
    errors = [
        {"type": CONTROL_CHARACTER, "loc": list(loc), "msg": "control character"}
        for loc in _refused(value, (where,))
    ]
    if errors:
        raise ValidationError(errors)


class CheckedParser(Parser):
    """django-ninja's parser, refusing control characters in the query, forms and JSON bodies.

    A refusal in the body reaches the API's exception handlers as the cause of the 400 that
    django-ninja raises for any body it cannot parse; ``ortaq.api.api`` answers it with the 422.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        refuse_control_characters(data, where="body")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        refuse_control_characters(parsed, where="query" if data is request.GET else "form")
        return parsed


def checked_path(
    on_refusal: Callable[[HttpRequest, ValidationError], HttpResponseBase],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A view decorator for every operation: refuse control characters in path parameters,
    which django-ninja hands to the endpoint without passing them through the parser, and in
    the fields of a form (which it parses only for an endpoint that declares one)."""

    def decorator(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                refuse_control_characters(kwargs, where="path")
                if request.content_type in FORMS:
                    # Every field of a form, read by the endpoint or not (one that takes only a
                    # file reads no form field through the parser).
                    fields = {key: values[-1] for key, values in request.POST.lists()}
                    refuse_control_characters(fields, where="form")
            except ValidationError as exc:
                return on_refusal(request, exc)
            return run(request, *args, **kwargs)

        return checked

    return decorator
