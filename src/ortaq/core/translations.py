"""Keep the translation catalogues complete, compiled and in step with the source.

``make test`` and ``make lint`` fail when a string has no translation, is fuzzy, is missing from
the catalogues, or when a compiled ``.mo`` file lags behind its ``.po`` file. The catalogues
compile with polib (pure Python), so running Ortaq never needs GNU gettext; checking that the
catalogues hold every string of the source does (``xgettext``), and is skipped without it.
"""

import shutil
import tempfile
from contextlib import chdir
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    """Return every catalogue of the project: its own, and the vendor ones that fill and correct
    those of Django and django-allauth (``django.po``, and ``djangojs.po`` for the scripts of
    Django's admin, which its JavaScript catalogue reads from ``LOCALE_PATHS`` too)."""
    found: list[Path] = []
    for locale_dir in settings.LOCALE_PATHS:
        for domain in ("django", "djangojs"):
            found.extend(sorted(Path(locale_dir).glob(f"*/LC_MESSAGES/{domain}.po")))
    return found


def _entries(catalogue: Any) -> dict[tuple[str, str], tuple[str, ...]]:
    result = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        result[(entry.msgctxt or "", entry.msgid)] = forms
    return result


def problems() -> list[str]:
    """List untranslated, fuzzy and uncompiled entries in every catalogue."""
    import polib

    found: list[str] = []
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries():
            found.append(f"{po_path}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            found.append(f"{po_path}: fuzzy: {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            found.append(f"{mo_path}: missing; run `make messages`")
        elif _entries(polib.mofile(str(mo_path))) != {
            key: forms for key, forms in _entries(po).items() if any(forms)
        }:
            found.append(f"{mo_path}: out of date with its .po; run `make messages`")
    return found


def source_drift() -> list[str]:
    """List strings in the source but not in the catalogues, and catalogue strings no longer used.

    Needs GNU gettext's ``xgettext``; raises FileNotFoundError without it.
    """
    import polib

    if shutil.which("xgettext") is None:
        raise FileNotFoundError("xgettext")
    own = Path(settings.LOCALE_PATHS[0])
    committed = polib.pofile(str(own / "en" / "LC_MESSAGES" / "django.po"))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "ortaq"
        shutil.copytree(
            PACKAGE_DIR,
            copy,
            ignore=shutil.ignore_patterns(
                "tests", "__pycache__", "locale", "locale_vendor", "static", "migrations"
            ),
        )
        (copy / "locale").mkdir()
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]), chdir(copy):
            call_command("makemessages", locale=["en"], no_location=True, verbosity=0)
        fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    old = set(_entries(committed))
    new = set(_entries(fresh))
    drift = [f"not in the catalogues (run `make messages`): {msgid!r}" for _, msgid in new - old]
    drift += [f"no longer in the source (run `make messages`): {msgid!r}" for _, msgid in old - new]
    return sorted(drift)


def mirror_source_language() -> None:
    """Fill the English catalogue's empty entries with their msgid: English is the source."""
    import polib

    path = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    po.metadata_is_fuzzy = False
    for entry in po:
        if entry.msgid_plural and not any(entry.msgstr_plural.values()):
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        elif not entry.msgid_plural and not entry.msgstr:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = entry.msgid if not entry.msgid_plural else ""
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    po.save()


def compile_all() -> list[Path]:
    """Compile every catalogue to its ``.mo`` file; return the files written.

    The English catalogue is first completed from the msgids.
    """
    import polib

    mirror_source_language()
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
