"""Answers are normalised and hashed the same way whatever the kind of task, and the server's
check (for a page without JavaScript) agrees with the hashes the page carries."""

from typing import Any

import pytest

from ortaq.testing.textbooks import PUPIL_GAPS, PUPIL_SHORT, pupil_book
from ortaq.textbooks.checking import (
    answer_of,
    check,
    digest,
    hashes,
    normalise,
    right_answer,
    shuffled,
    task_view,
)
from ortaq.textbooks.choices import ExerciseKind

pytestmark = pytest.mark.django_db


def test_normalising_folds_case_spaces_and_yo_but_not_kazakh_letters() -> None:
    assert normalise("  Ёлка   МЁД \t") == "елка мед"
    assert normalise("ҚАЗАҚСТАН") == "қазақстан"
    # A Kazakh letter typed as its Russian or Latin look-alike is another letter.
    assert normalise("көл") != normalise("кол")
    assert normalise("білім") != normalise("bilim") != normalise("билим")
    assert normalise("әке") != normalise("аке")
    assert normalise("құс") != normalise("кус")
    assert normalise("ұл") != normalise("ул")
    assert normalise("үй") != normalise("уй")
    assert normalise("ғалым") != normalise("галым")
    assert normalise("аң") != normalise("ан")


def test_the_hash_is_of_the_salt_a_colon_and_the_normalised_answer() -> None:
    import hashlib

    assert digest("ab12", "көл") == hashlib.sha256("ab12:көл".encode()).hexdigest()


def _by_kind(book: Any) -> dict[str, Any]:
    return {e.kind: e for e in book.exercises()}


def test_each_kind_is_hashed_from_its_canonical_right_answer() -> None:
    tasks = _by_kind(pupil_book())
    single, multiple = tasks[ExerciseKind.SINGLE], tasks[ExerciseKind.MULTIPLE]
    right = [o.pk for o in single.options.all() if o.is_right]
    assert hashes(single) == [digest(single.salt, str(right[0]))]
    ids = sorted(o.pk for o in multiple.options.all() if o.is_right)
    assert hashes(multiple) == [digest(multiple.salt, f"{ids[0]},{ids[1]}")]
    matching = tasks[ExerciseKind.MATCHING]
    assert right_answer(matching) == "1=ақын|2=күйші|3=ғалым"
    ordering = tasks[ExerciseKind.ORDERING]
    assert right_answer(ordering) == "таң|түс|кеш|түн"
    shown = [o.text for o in shuffled(ordering, list(ordering.options.all()))]
    assert shown != ["таң", "түс", "кеш", "түн"] and sorted(shown) == sorted(
        ["таң", "түс", "кеш", "түн"]
    )
    gaps = tasks[ExerciseKind.GAPS]
    assert hashes(gaps) == [[digest(gaps.salt, "көл")], [digest(gaps.salt, "шың")]]
    short = tasks[ExerciseKind.SHORT]
    assert digest(short.salt, normalise(PUPIL_SHORT)) in hashes(short)
    assert digest(short.salt, "абай") in hashes(short)


def test_the_server_checks_each_kind_with_its_feedback() -> None:
    tasks = _by_kind(pupil_book())
    single = tasks[ExerciseKind.SINGLE]
    options = {o.text: o for o in single.options.all()}
    wrong = check(single, {"choice": [str(options["Алматы"].pk)]})
    assert not wrong.right and wrong.feedback == ["Бұл — бұрынғы астана.", "Картаға қара."]
    right = check(single, {"choice": [str(options["Астана"].pk)]})
    assert right.right and right.feedback == ["Жарайсың!"]
    assert not check(single, {"choice": []}).complete

    multiple = tasks[ExerciseKind.MULTIPLE]
    rights = [str(o.pk) for o in multiple.options.all() if o.is_right]
    assert check(multiple, {"choice": rights}).right
    assert not check(multiple, {"choice": rights[:1]}).right

    matching = tasks[ExerciseKind.MATCHING]
    assert check(matching, {"match-1": ["Ақын"], "match-2": ["күйші"], "match-3": ["ғалым "]}).right
    assert not check(
        matching, {"match-1": ["күйші"], "match-2": ["ақын"], "match-3": ["ғалым"]}
    ).right

    ordering = tasks[ExerciseKind.ORDERING]
    shown = [o.text for o in shuffled(ordering, list(ordering.options.all()))]
    places = {
        f"place-{n}": [str(["таң", "түс", "кеш", "түн"].index(t) + 1)]
        for n, t in enumerate(shown, 1)
    }
    assert check(ordering, places).right
    twice = dict(places, **{"place-1": places["place-2"]})
    assert not check(ordering, twice).complete

    gaps = tasks[ExerciseKind.GAPS]
    assert check(gaps, {"gap-1": ["КӨЛ"], "gap-2": [PUPIL_GAPS[1]]}).right
    assert not check(gaps, {"gap-1": ["кол"], "gap-2": [PUPIL_GAPS[1]]}).right
    assert not check(gaps, {"gap-1": ["көл"], "gap-2": [""]}).complete

    short = tasks[ExerciseKind.SHORT]
    assert check(short, {"answer": ["  абай  құнанбайұлы"]}).right
    wrong_short = check(short, {"answer": ["Шоқан"]})
    assert not wrong_short.right and wrong_short.feedback == ["Ойлан."]


def test_answer_of_reads_only_the_task_fields() -> None:
    from django.http import QueryDict

    tasks = _by_kind(pupil_book())
    data = QueryDict("gap-1=a&gap-2=b&other=x&csrfmiddlewaretoken=t")
    assert answer_of(tasks[ExerciseKind.GAPS], data) == {"gap-1": ["a"], "gap-2": ["b"]}


def test_a_gaps_prompt_gets_labelled_inputs_and_keeps_the_last_answer() -> None:
    gaps = _by_kind(pupil_book())[ExerciseKind.GAPS]
    view = task_view(gaps, 5, {"gap-1": ['"><b>']})
    assert str(view.prompt).count('class="gap"') == 2
    assert "&quot;&gt;&lt;b&gt;" in str(view.prompt)
