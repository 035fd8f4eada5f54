"""Rules the whole code base keeps, checked over its source."""

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
