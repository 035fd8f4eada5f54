"""Searching inside names (``ortaq.core.search``): when the trigram indexes can answer, and
ordering by ``Unindexed`` keeps the column's own order."""

import pytest
from django.db.models import F

from ortaq.accounts.models import User
from ortaq.core.search import Unindexed, finds_by_trigrams
from ortaq.testing.factories import make_user


@pytest.mark.parametrize(
    ("q", "finds"),
    [
        ("Ахметова", True),
        ("ахм", True),
        ("Ә Айгүл", True),
        ("t00123@", True),
        ("ах", False),
        ("а б в", False),
        ("", False),
        ("a.b-c", False),
    ],
)
def test_a_word_of_three_letters_is_found_by_trigrams(q: str, finds: bool) -> None:
    assert finds_by_trigrams(q) is finds


@pytest.mark.django_db
def test_unindexed_orders_as_the_column_does() -> None:
    for n, name in enumerate(["Әлиева", "Ахметова", "Бекова", "ахметова", "Zhan", ""]):
        make_user(email=f"order{n}@example.kz", last_name=name)
    plain = list(User.objects.order_by("last_name", "pk").values_list("pk", flat=True))
    unindexed = User.objects.order_by(Unindexed(F("last_name")).asc(), "pk")
    assert list(unindexed.values_list("pk", flat=True)) == plain
    backwards = User.objects.order_by(Unindexed(F("last_name")).desc(), "-pk")
    assert list(backwards.values_list("pk", flat=True)) == plain[::-1]
