"""Error messages of the API in the reader's language, for what django-ninja and pydantic say in
English: validation errors (422), unreadable bodies and responses made outside any endpoint."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _count(ctx: dict[str, Any], key: str) -> int:
    try:
        return int(ctx.get(key, 0))
    except (TypeError, ValueError):
        return 0


def validation_message(error: dict[str, Any]) -> str:
    """Say in the active language what is wrong with one value, from pydantic's error ``type``.

    Pydantic writes its messages in English only; the ``type`` and its ``ctx`` are stable, so
    the message is rebuilt from them. A type not listed here gets a general message.
    """
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This value is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Write a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Write a number.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Write true or false.")
    if kind in ("string_type", "string_unicode"):
        return _("Write text here.")
    if kind == "string_too_short":
        n = _count(ctx, "min_length")
        return ngettext(
            "Write at least %(count)s character.", "Write at least %(count)s characters.", n
        ) % {"count": n}
    if kind == "string_too_long":
        n = _count(ctx, "max_length")
        return ngettext(
            "Write at most %(count)s character.", "Write at most %(count)s characters.", n
        ) % {"count": n}
    if kind == "too_short":
        n = _count(ctx, "min_length")
        return ngettext("Give at least %(count)s item.", "Give at least %(count)s items.", n) % {
            "count": n
        }
    if kind == "too_long":
        n = _count(ctx, "max_length")
        return ngettext("Give at most %(count)s item.", "Give at most %(count)s items.", n) % {
            "count": n
        }
    if kind == "greater_than_equal":
        return _("Write a number no smaller than %(limit)s.") % {"limit": ctx.get("ge")}
    if kind == "greater_than":
        return _("Write a number greater than %(limit)s.") % {"limit": ctx.get("gt")}
    if kind == "less_than_equal":
        return _("Write a number no greater than %(limit)s.") % {"limit": ctx.get("le")}
    if kind == "less_than":
        return _("Write a number smaller than %(limit)s.") % {"limit": ctx.get("lt")}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in (
        "date_parsing",
        "date_type",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return _("Write a date as YYYY-MM-DD.")
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return _("Write a date and time as YYYY-MM-DDTHH:MM:SS with a time zone.")
    if kind in ("uuid_parsing", "uuid_type"):
        return _("Write a valid identifier.")
    if kind == "extra_forbidden":
        return _("This value is not expected here.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Send a list here.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Send an object here.")
    if kind == "control_character":
        return _("Remove the control characters (such as NUL) from this text.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in ("value_error", "assertion_error"):
        # Raised by the project's own validators, whose messages are translated already.
        message = str(error.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        return message or _("This value is not valid.")
    return _("This value is not valid.")


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ninja's validation errors with each ``msg`` in the active language."""
    return [{**error, "msg": validation_message(error)} for error in errors]


def status_message(status: int, allowed: str = "") -> str:
    """Say in the active language what an error status means, for responses made outside any
    endpoint (a wrong method, an unknown path, a body refused before it was read)."""
    if status == 404:
        return _("There is no such API endpoint.")
    if status == 405:
        if allowed:
            return _("This method is not allowed here. Allowed: %(methods)s.") % {
                "methods": allowed
            }
        return _("This method is not allowed here.")
    if status == 413:
        return _("The request is too large.")
    if status == 401:
        return _("Sign in, or send a valid API token.")
    if status == 403:
        return _("You may not do this.")
    if status >= 500:
        return _("Something went wrong on our side. It has been logged.")
    return _("The request could not be understood.")
