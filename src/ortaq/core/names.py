"""People's names: which characters one may hold.

A name is printed as written on certificates, portfolios and e-mails, where escaping cannot help:
``<b>`` in a name is shown as ``<b>``. So every form and import that takes a person's name checks
it with ``validate_person_name``: letters of any alphabet (Kazakh and Russian Cyrillic — ә, ғ, қ,
ң, ө, ұ, ү, һ, і, ё —, Latin with its accents…) and the marks written over them, with spaces,
hyphens, apostrophes and dots between them. No digits, no markup, no control characters.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Hyphens (as typed, and the typographic and non-breaking ones word processors put in),
# apostrophes (straight, typographic, and the backtick some type for one: O`rynbasar) and the
# dot of an initial.
NAME_PUNCTUATION = frozenset(" -\u2010\u2011\u2013'\u2019\u2018`.")

NAME_HINT = _("A name may hold only letters, spaces, hyphens, apostrophes and dots.")


def is_person_name(value: str) -> bool:
    """Tell whether ``value`` is empty or could be a person's name (see the module)."""
    has_letter = False
    for char in value:
        kind = unicodedata.category(char)[0]
        if kind == "L":
            has_letter = True
        elif kind != "M" and char not in NAME_PUNCTUATION:
            return False
    return has_letter or not value


def validate_person_name(value: str) -> None:
    """Raise ValidationError unless ``value`` could be a person's name."""
    if not is_person_name(value):
        raise ValidationError(NAME_HINT, code="invalid_name")
