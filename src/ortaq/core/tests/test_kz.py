import pytest
from django.core.exceptions import ValidationError

from ortaq.core.kz import check_digit, is_valid_id_number, validate_bin, validate_iin


@pytest.mark.parametrize(
    "number",
    [
        "850312591712",  # first weights give the check digit directly
        "050440424451",
        "000000000000",
    ],
)
def test_valid_numbers_pass(number: str) -> None:
    assert is_valid_id_number(number)
    validate_iin(number)
    validate_bin(number)


def test_second_weights_are_used_when_the_first_remainder_is_ten() -> None:
    # 1·1 + 2·0 + … chosen so that the first sum leaves 10 and the second does not.
    first = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 10_000)
        if sum(w * int(d) for w, d in zip(range(1, 12), f"{n:011d}", strict=True)) % 11 == 10
    )
    second = (
        sum(w * int(d) for w, d in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), first, strict=True))
        % 11
    )
    if second == 10:
        assert check_digit(first) is None
    else:
        assert check_digit(first) == second
        assert is_valid_id_number(first + str(second))


def test_a_number_whose_both_remainders_are_ten_is_never_issued() -> None:
    never = next(
        f"{n:011d}" for n in range(10**10, 10**10 + 200_000) if check_digit(f"{n:011d}") is None
    )
    assert not any(is_valid_id_number(never + str(d)) for d in range(10))


@pytest.mark.parametrize(
    "number",
    ["850312591713", "85031259171", "8503125917120", "85031259171a", "８５０３１２５９１７１２"],
)
def test_wrong_numbers_fail_with_a_translated_message(number: str) -> None:
    assert not is_valid_id_number(number)
    with pytest.raises(ValidationError) as caught:
        validate_iin(number)
    assert "12" in caught.value.messages[0]


def test_the_time_zone_check_passes_with_current_tzdata() -> None:
    from ortaq.core.checks import kazakhstan_time_zone

    assert kazakhstan_time_zone(None) == []
