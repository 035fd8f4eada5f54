import os
import shutil

import pytest

from ortaq.core import translations


def test_every_catalogue_is_complete_and_compiled() -> None:
    assert translations.problems() == []


def test_the_catalogues_hold_every_string_of_the_source() -> None:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("GNU gettext (xgettext) is missing: CI must install it")
        pytest.skip("GNU gettext (xgettext) is not installed: cannot extract the source's strings")
    assert translations.source_drift() == []
