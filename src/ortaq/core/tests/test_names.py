"""What a person's name may hold: every form and import that takes one uses this check."""

import pytest
from django.core.exceptions import ValidationError

from ortaq.core.names import is_person_name, validate_person_name

NAMES = [
    "Әсем",
    "Ғалымжан",
    "Қуаныш",
    "Іңкәр",
    "Ұлжан Өмірзаққызы",
    "Үміт",
    "Һәдия",
    "Фёдор",
    "Сейітова-Ахметова",
    "Жан‑Поль",  # a non-breaking hyphen, as word processors write it
    "O'Brien",
    "Д’Артаньян",
    "Ж. Б.",
    "Zoë Müller",
    "Nurlan Sha`ken",
    "",
]
NOT_NAMES = [
    "<b>Aigul</b>",
    "Aigul>",
    "Ai\x00gul",
    "Aigul\t",
    "Aigul\u200b",  # a zero-width space: invisible, but not in anyone's name
    "Aigul2",
    "aigul@example.kz",
    "Aigul; Dana",
    "Smith (Jones)",
    "--",
    "'",
]


@pytest.mark.parametrize("name", NAMES)
def test_letters_of_kazakh_russian_and_latin_with_hyphens_apostrophes_and_dots(name: str) -> None:
    assert is_person_name(name)
    validate_person_name(name)


@pytest.mark.parametrize("name", NOT_NAMES)
def test_markup_control_characters_digits_and_symbols_are_refused(name: str) -> None:
    assert not is_person_name(name)
    with pytest.raises(ValidationError) as refused:
        validate_person_name(name)
    assert refused.value.messages == [
        "A name may hold only letters, spaces, hyphens, apostrophes and dots."
    ]
