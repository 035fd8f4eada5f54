"""A suffix-stripping stemmer for Kazakh, for the library's search (``search.py``).

PostgreSQL has stemmers for Russian and English but none for Kazakh, an agglutinative language
in which one noun takes dozens of forms: мектеп, мектепте, мектептер, мектептердің, мектебіміз.
Search needs those forms to meet at one stem, and it needs it on both sides: a document's words
and a query's words go through this same function, so what matters is that the forms of one
word reach the same stem, not that the stem is a dictionary word.

The stemmer strips, from the end and again while one matches, the endings of case (genitive
-ның/-дың/-тың…, dative -ға/-қа/-на…, accusative -ны/-ды/-ты…, locative -да/-та/-нда…,
ablative -дан/-тан/-нан…, instrumental -мен/-бен/-пен, and -дағы/-тағы…), of possession
(-ым, -ың, -ымыз, -ыңыз, -ы, -сы…) and of number (-лар/-лер/-дар/-дер/-тар/-тер), keeping at
least ``MIN_STEM`` letters. Before a vowel a final п, к, қ are voiced (мектеп → мектебі,
сабақ → сабағы): the stem's last б, г, ғ is written back as п, к, қ, always (in the bare word
too), so that both forms end alike.

Teachers often type Kazakh without its own letters (а for ә, к for қ, и for і: "мектептердин").
``fold`` writes a word with the Russian letters a Kazakh word is typed with; ``stems`` gives the
stem of the word as written and of its folded form, stripped by the folded endings.
"""

import re
from functools import lru_cache

# The fewest letters a stem keeps: "ой" and "ас" are words, but letting stems as short as two
# letters join would gather unrelated words of every kind.
MIN_STEM = 3
# At most this many endings are stripped from one word (a noun rarely has more than plural,
# possession and case: сабақ-тар-ымыз-дың).
MAX_STRIPS = 5
VOWELS = frozenset("аәеиоөуұүыіэюяё")


def _list(text: str) -> list[str]:
    return text.split()


_CASE = _list(
    # Adjectival locative (мектептегі "of the school"), then ablative, genitive, locative,
    # dative, accusative and instrumental.
    "ндағы ндегі дағы дегі тағы тегі "
    "нан нен дан ден тан тен "
    "ның нің дың дің тың тің "
    "нда нде да де та те "
    "на не ға ге қа ке "
    "ны ні ды ді ты ті "
    "мен бен пен"
)
_POSSESSIVE = _list("ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ым ім ың ің сы сі")
_PLURAL = _list("лар лер дар дер тар тер")
# Endings of one letter: only where a longer ending cannot be meant and a stem is plausible
# (see ``_strip_one``).
_SINGLE_AFTER_VOWEL = ("м", "ң")  # анам, анаң: possession after a vowel
_SINGLE_POSSESSIVE = ("ы", "і")  # сабағы, мектебі
_SINGLE_DATIVE = ("а", "е")  # мектебіме, сабағыңа: dative after my, your

_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
_VOICED = {"б": "п", "г": "к", "ғ": "қ"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")


def fold(word: str) -> str:
    """``word`` written with the Russian letters a Kazakh word is typed with where the Kazakh
    keyboard is missing: ә→а, ғ→г, қ→к, ң→н, ө→о, ұ and ү→у, һ→х, і→и."""
    return word.translate(_FOLD)


def _endings(folded: bool) -> list[tuple[int, frozenset[str]]]:
    """The endings by their length, longest first (so that -ымыз is stripped before a
    shorter ending could be thought of): a word's last letters are looked up, not compared
    with each ending."""
    endings = [*_CASE, *_POSSESSIVE, *_PLURAL]
    if folded:
        endings = [fold(e) for e in endings]
    lengths = sorted({len(e) for e in endings}, reverse=True)
    return [(n, frozenset(e for e in endings if len(e) == n)) for n in lengths]


_ENDINGS = {False: _endings(False), True: _endings(True)}
_SINGLE = {
    False: (_SINGLE_AFTER_VOWEL, _SINGLE_POSSESSIVE, _SINGLE_DATIVE),
    True: (
        tuple(fold(e) for e in _SINGLE_AFTER_VOWEL),
        tuple(fold(e) for e in _SINGLE_POSSESSIVE),
        _SINGLE_DATIVE,
    ),
}


def _strip_one(word: str, folded: bool) -> str | None:
    """``word`` without its last ending, or None when none can be taken off."""
    for length, endings in _ENDINGS[folded]:
        if len(word) - length >= MIN_STEM and word[-length:] in endings:
            return word[:-length]
    after_vowel, possessive, dative = _SINGLE[folded]
    if len(word) - 1 < MIN_STEM:
        return None
    last, before = word[-1], word[-2]
    if last in after_vowel and before in VOWELS:
        return word[:-1]
    if last in possessive and before not in VOWELS:
        return word[:-1]
    # The dative -а/-е only after a possessive -м or -ң (мектебіме, сабағыңа): a bare final
    # vowel is most often the word's own (бала, тақта, математика).
    if last in dative and before in ("м", "ң", "н"):
        return word[:-1]
    # The accusative -н after the possessive -ы/-і (сабағын, мектебін).
    if last == "н" and before in ("ы", "і", "и") and len(word) - 2 >= MIN_STEM:
        return word[:-1]
    return None


def _voiceless(stem: str) -> str:
    last = stem[-1:]
    return stem[:-1] + _VOICED[last] if last in _VOICED else stem


def stem(word: str, *, folded: bool = False) -> str:
    """The stem of one lowercase word (see the module's docstring); ``folded``: of a word
    written with folded letters (``fold``), by the folded endings."""
    current = word
    for _step in range(MAX_STRIPS):
        shorter = _strip_one(current, folded)
        if shorter is None:
            break
        current = shorter
    current = _voiceless(current)
    return fold(current) if folded else current


@lru_cache(maxsize=65_536)
def _stems(lower: str) -> frozenset[str]:
    if len(lower) < MIN_STEM or not lower.isalpha() or not _CYRILLIC.search(lower):
        return frozenset()
    return frozenset({stem(lower), stem(fold(lower), folded=True)} - {lower})


def stems(word: str) -> set[str]:
    """The stems one word is searched by: of the word as written and of its folded form
    (lowercased first), without the word itself. Nothing for a word of digits or of fewer
    than ``MIN_STEM`` letters, nor for a word in Latin letters (English has its own stemmer)."""
    # Kept per word (a text repeats its words, a library its vocabulary).
    return set(_stems(word.lower()))


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters (digits and punctuation split them)."""
    return _WORD.findall(text)
