"""Rules the whole code base keeps, checked over its source."""

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]


def test_every_row_lock_in_the_code_locks_only_its_own_rows() -> None:
    """``select_for_update()`` with a join (``select_related``, a filter across a relation)
    locks the joined rows too: a teacher's step once locked the whole course."""
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts
        for number, text in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"select_for_update\((?!of=\(\"self\",\))", text)
    ]
    assert offenders == []


def test_no_view_api_form_or_template_tag_reads_roles_to_filter_rows() -> None:
    """Who may see which rows is one queryset method per scoped model, and the permission that
    agrees with it (``docs/decisions/0012-one-visibility-rule-per-model.md``). An edge that read
    a person's role scopes itself would write a rule a second time, which no test holds against
    the first."""
    edges = ("views", "api", "forms", "templatetags")
    reading = re.compile(r"\b(scopes_where|object_ids_where|grants_of|role_over_q|holds)\(")
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts
        and any(
            part == edge or part.startswith((f"{edge}.", f"{edge}_"))
            for edge in edges
            for part in path.parts[len(SOURCE.parts) :]
        )
        for number, text in enumerate(path.read_text().splitlines(), 1)
        if reading.search(text)
    ]
    assert offenders == []


# The acting person's parameters: ``actor`` in services, ``user``/``viewer`` in queries,
# querysets and permissions, ``by`` for who did it.
PERSON_PARAMETERS = {"actor", "user", "viewer", "by"}


def test_no_function_takes_the_acting_person_as_any() -> None:
    """The acting person is typed (``docs/decisions/0019-the-acting-person-is-typed.md``):
    ``accounts.User``, ``User | AnonymousUser`` where visitors may call, ``core.actors.Actor``
    below ``accounts``. With ``Any`` a service would accept anything and mypy would check
    nothing it does with her."""
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if {"tests", "testing", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = node.args
            for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                annotation = argument.annotation
                if argument.arg in PERSON_PARAMETERS and (
                    annotation is None
                    or (isinstance(annotation, ast.Name) and annotation.id in ("Any", "object"))
                ):
                    offenders.append(f"{relative}:{argument.lineno} {node.name}({argument.arg})")
    assert offenders == []


def test_no_test_module_imports_another() -> None:
    """What tests share lives in ``ortaq.testing`` (factories, signed-in clients, the refusal
    rule, the route table); a test module that imported another's helpers would run that
    module's tests' imports too, and tie two apps' tests together. Fixtures in ``conftest.py``
    are found by pytest, never imported. (That production code never imports the kit is an
    import-linter contract.)"""
    from_tests = re.compile(r"^\s*(?:from|import)\s+ortaq\.(?:[a-z_]+\.)*tests\b", re.M)
    bench = SOURCE.parents[1] / "bench"  # the benchmarks build their data with the kit too
    offenders = [
        str(path)
        for path in [*SOURCE.rglob("*.py"), *bench.rglob("*.py")]
        if from_tests.search(path.read_text())
    ]
    assert offenders == []


def test_a_test_expects_one_status_not_a_choice_of_them() -> None:
    """A refusal is answered one way (``docs/decisions/0011-how-a-refusal-is-answered.md``):
    an assertion that accepts "302, 401 or 404" passes whichever a change makes it, so a
    members-only circle could begin to answer 403 (it exists) unseen. Use
    ``ortaq.testing.refusals.assert_refused`` or the exact status."""
    choice = re.compile(r"status_code\s+(?:not\s+)?in\b")
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("test_*.py")
        for number, text in enumerate(path.read_text().splitlines(), 1)
        if choice.search(text)
    ]
    assert offenders == []


def test_every_date_field_is_a_day_input() -> None:
    """A date picker reads only year-month-day: a ``forms.DateInput`` in the locale's format
    opened a planned lesson's due date empty in kk and ru, and the next save cleared it."""
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts
        for number, text in enumerate(path.read_text().splitlines(), 1)
        if "forms.DateInput(" in text
    ]
    assert offenders == []
