"""Checking a pupil's answer to a textbook task, in her browser and on the server alike.

A lesson's page carries no accepted answer and does not say which option is right (decision
0025): per task, a random salt and the SHA-256 of ``salt + ":" + the right answer`` in a
canonical, normalised form. The page's script (``textbooks/static/textbooks/tasks.js``) builds
the pupil's answer in the same form, hashes it and compares; without JavaScript the task's form
posts the answer and the server checks it here, from the rows.

Normalising (``normalise``, the same steps in ``tasks.js``): Unicode NFC, lower case (Python's
``str.lower`` and JavaScript's ``toLowerCase`` agree on Cyrillic and Latin, which ``casefold``
would not on ß), spaces trimmed and collapsed, ё written as е. The Kazakh letters are *not*
folded into their Russian or Latin look-alikes (і and i, ә and а, ө and о, ү and у, ұ and у,
қ and к, ғ and г, ң and н, һ and х): a pupil who types «кол» for «көл» wrote another word.

The canonical answer of each kind:

- single and multiple choice: the ids of the options chosen, ascending, joined by ``,``;
- matching: for each left item in its order, ``<its number>=<the match chosen>``, joined by
  ``|`` (the select menus offer the matches' texts, sorted, so no id betrays a pair);
- ordering: the items' texts in the order the pupil gave them, joined by ``|`` (the page
  shows them shuffled, seeded by the task's salt, never in the right order);
- gaps: per gap, its answer; a gap is right if its hash is one of that gap's accepted ones;
- short answer: the answer, right if its hash is one of the accepted ones.
"""

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ortaq.core.markup import render_markdown
from ortaq.textbooks.choices import ExerciseKind
from ortaq.textbooks.models import Exercise, Option

GAP = re.compile(r"\[(\d{1,2})\]")
CHOICE_KINDS = (ExerciseKind.SINGLE, ExerciseKind.MULTIPLE)


def normalise(text: str) -> str:
    """The form in which an answer is compared (see the module's docstring)."""
    folded = unicodedata.normalize("NFC", str(text)).lower().replace("ё", "е")
    return " ".join(folded.split())


def digest(salt: str, answer: str) -> str:
    """The hex SHA-256 of ``salt + ":" + answer`` (``answer`` already canonical)."""
    return hashlib.sha256(f"{salt}:{answer}".encode()).hexdigest()


def shuffled(exercise: Exercise, items: Sequence[Option]) -> list[Option]:
    """An ordering task's items as the page shows them: shuffled, the same way each time (seeded
    by the task's salt), and never in the right order."""
    shown = list(items)
    random.Random(exercise.salt).shuffle(shown)  # noqa: S311 - a layout, not a secret
    if len(shown) > 1 and [o.pk for o in shown] == [o.pk for o in items]:
        shown = shown[1:] + shown[:1]
    return shown


def match_choices(options: Iterable[Option]) -> list[str]:
    """The matches a matching task offers in each select menu: distinct, sorted."""
    return sorted({option.match for option in options}, key=normalise)


def gap_numbers(exercise: Exercise) -> list[int]:
    """The gaps of a gaps task, as the prompt numbers them ([1], [2]…), in order."""
    found = [int(n) for n in GAP.findall(exercise.prompt)]
    return sorted(set(found)) or sorted({a.gap for a in exercise.accepted.all()})


def _options(exercise: Exercise) -> list[Option]:
    return sorted(exercise.options.all(), key=lambda o: (o.position, o.pk))


def right_answer(exercise: Exercise) -> str:
    """The canonical right answer of a task of one right answer (choices, matching, ordering)."""
    options = _options(exercise)
    if exercise.kind in CHOICE_KINDS:
        return ",".join(str(o.pk) for o in sorted(options, key=lambda o: o.pk) if o.is_right)
    if exercise.kind == ExerciseKind.MATCHING:
        return "|".join(f"{n}={normalise(o.match)}" for n, o in enumerate(options, 1))
    if exercise.kind == ExerciseKind.ORDERING:
        return "|".join(normalise(o.text) for o in options)
    raise ValueError(exercise.kind)


def accepted_by_gap(exercise: Exercise) -> dict[int, set[str]]:
    """The accepted answers of a gaps or short-answer task per gap (a short answer's is gap 1),
    normalised."""
    found: dict[int, set[str]] = {}
    for accepted in exercise.accepted.all():
        gap = 1 if exercise.kind == ExerciseKind.SHORT else accepted.gap
        found.setdefault(gap, set()).add(normalise(accepted.text))
    return found


def hashes(exercise: Exercise) -> list[Any]:
    """What the page carries to check a task: one hash for a task of one right answer, the
    accepted answers' hashes for a short answer, and a list of them per gap for gaps."""
    if exercise.kind == ExerciseKind.SHORT:
        return sorted(digest(exercise.salt, a) for a in accepted_by_gap(exercise).get(1, ()))
    if exercise.kind == ExerciseKind.GAPS:
        accepted = accepted_by_gap(exercise)
        return [
            sorted(digest(exercise.salt, a) for a in accepted.get(gap, ()))
            for gap in gap_numbers(exercise)
        ]
    return [digest(exercise.salt, right_answer(exercise))]


# --- The answer a form sent ------------------------------------------------------------------


def answer_of(exercise: Exercise, data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The fields of a task's form that make its answer, as lists of strings (``data`` is a
    ``QueryDict`` or a dict of lists): kept in the pupil's session to show her answer again."""
    getlist = getattr(data, "getlist", None)

    def values(name: str) -> list[str]:
        got = getlist(name) if getlist else data.get(name, [])
        return [str(v)[:300] for v in (got if isinstance(got, list) else [got])][:30]

    names: list[str]
    if exercise.kind in CHOICE_KINDS:
        names = ["choice"]
    elif exercise.kind == ExerciseKind.MATCHING:
        names = [f"match-{n}" for n in range(1, len(_options(exercise)) + 1)]
    elif exercise.kind == ExerciseKind.ORDERING:
        names = [f"place-{n}" for n in range(1, len(_options(exercise)) + 1)]
    elif exercise.kind == ExerciseKind.GAPS:
        names = [f"gap-{n}" for n in gap_numbers(exercise)]
    else:
        names = ["answer"]
    return {name: values(name) for name in names}


@dataclass
class Result:
    """The server's verdict on an answer: right or not, whether it was complete, and the
    feedback to show."""

    right: bool
    complete: bool = True
    feedback: list[str] = field(default_factory=list)


def _first(answer: Mapping[str, list[str]], name: str) -> str:
    got = answer.get(name) or [""]
    return got[0]


def check(exercise: Exercise, answer: Mapping[str, list[str]]) -> Result:
    """Check ``answer`` (``answer_of``) against the task's rows, with its feedback: for a
    choice, the feedback of each option chosen, then the task's feedback on a right or a wrong
    answer."""
    options = _options(exercise)
    complete = True
    chosen_feedback: list[str] = []
    if exercise.kind in CHOICE_KINDS:
        ids = {o.pk: o for o in options}
        chosen = sorted({int(v) for v in answer.get("choice", []) if v.isdigit()} & set(ids))
        complete = bool(chosen)
        right = complete and ",".join(map(str, chosen)) == right_answer(exercise)
        chosen_feedback = [ids[pk].feedback for pk in chosen if ids[pk].feedback]
    elif exercise.kind == ExerciseKind.MATCHING:
        matched = [_first(answer, f"match-{n}") for n in range(1, len(options) + 1)]
        complete = all(matched)
        got = "|".join(f"{n}={normalise(v)}" for n, v in enumerate(matched, 1))
        right = complete and got == right_answer(exercise)
    elif exercise.kind == ExerciseKind.ORDERING:
        shown = shuffled(exercise, options)
        places = [_first(answer, f"place-{n}") for n in range(1, len(shown) + 1)]
        complete = all(p.isdigit() for p in places) and len(set(places)) == len(places)
        if complete:
            order = sorted(zip(places, shown, strict=True), key=lambda pair: int(pair[0]))
            right = "|".join(normalise(o.text) for _p, o in order) == right_answer(exercise)
        else:
            right = False
    else:
        accepted = accepted_by_gap(exercise)
        given: dict[int, str]
        if exercise.kind == ExerciseKind.SHORT:
            given = {1: normalise(_first(answer, "answer"))}
        else:
            given = {n: normalise(_first(answer, f"gap-{n}")) for n in gap_numbers(exercise)}
        complete = all(given.values())
        right = complete and all(v in accepted.get(n, set()) for n, v in given.items())
    if not complete:
        return Result(right=False, complete=False)
    general = exercise.feedback_right if right else exercise.feedback_wrong
    return Result(right=right, feedback=[*chosen_feedback, *([general] if general else [])])


# --- The task as a page shows it -------------------------------------------------------------


@dataclass
class TaskView:
    """A task as its page renders it: nothing in it tells the right answer."""

    exercise: Exercise
    number: int
    prompt: SafeString
    hashes: list[Any]
    options: list[Option] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)
    values: Mapping[str, list[str]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.exercise.kind

    @property
    def choices(self) -> list[tuple[Option, bool]]:
        """Each option with whether the pupil's last answer chose it."""
        chosen = set(self.values.get("choice", []))
        return [(option, str(option.pk) in chosen) for option in self.options]

    @property
    def rows(self) -> list[tuple[int, Option, str]]:
        """Matching and ordering: each row's number, item and the pupil's last choice."""
        prefix = "match" if self.kind == ExerciseKind.MATCHING else "place"
        return [
            (n, option, _first(self.values, f"{prefix}-{n}"))
            for n, option in enumerate(self.options, 1)
        ]

    @property
    def hashes_json(self) -> str:
        return json.dumps(self.hashes, separators=(",", ":"))

    @property
    def answer(self) -> str:
        return _first(self.values, "answer")


def _gap_input(exercise: Exercise, number: int, values: Mapping[str, list[str]]) -> str:
    name = f"gap-{number}"
    value = _first(values, name) if values else ""
    return (
        f'<input type="text" class="gap" name="{name}" id="t{exercise.pk}-{name}" '
        f'value="{escape(value)}" autocomplete="off" autocapitalize="off" spellcheck="false" '
        f'size="12" aria-label="{escape(_("Gap %(number)s") % {"number": number})}">'
    )


def task_view(
    exercise: Exercise, number: int, values: Mapping[str, list[str]] | None = None
) -> TaskView:
    """The task ``exercise`` (with its options and accepted answers prefetched) as the page
    shows it, its gaps filled with ``values`` when the pupil's last answer is known."""
    options = _options(exercise)
    prompt = render_markdown(exercise.prompt)
    view = TaskView(
        exercise=exercise,
        number=number,
        prompt=prompt,
        hashes=hashes(exercise),
        values=values or {},
    )
    if exercise.kind in CHOICE_KINDS:
        view.options = options
    elif exercise.kind == ExerciseKind.MATCHING:
        view.options = options
        view.matches = match_choices(options)
    elif exercise.kind == ExerciseKind.ORDERING:
        view.options = shuffled(exercise, options)
        view.places = list(range(1, len(options) + 1))
    elif exercise.kind == ExerciseKind.GAPS:
        view.gaps = gap_numbers(exercise)
        html = GAP.sub(lambda m: _gap_input(exercise, int(m.group(1)), values or {}), prompt)
        view.prompt = mark_safe(html)  # noqa: S308 - sanitised Markdown and our own inputs
    return view
