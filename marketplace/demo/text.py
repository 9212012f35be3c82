"""English phrasing and slugs for generated members."""

import functools
from collections.abc import Sequence

from django.utils.text import slugify

# Letters NFKD does not decompose, so slugify would drop them.
TRANSLITERATION = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ı": "i", "đ": "d", "Đ": "D",
    "þ": "th", "Þ": "Th", "ð": "d",
})


@functools.cache
def demo_slug(text: str) -> str:
    return slugify(text.translate(TRANSLITERATION))


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_article(noun: str) -> str:
    """'a welder', 'an electrician', 'an HVAC installer', 'a UX designer'."""
    word = noun.split()[0]
    if len(word) > 1 and word.isupper():
        vowel_sound = word[0] in "AEFHILMNORSX"
    else:
        vowel_sound = word[0].lower() in "aeio"
    return f"{'an' if vowel_sound else 'a'} {noun}"


def plural(noun: str) -> str:
    if noun.endswith("fe"):
        return noun[:-2] + "ves"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def join_words(words: Sequence[str]) -> str:
    """'Swedish', 'Swedish and English', 'Swedish, English and Polish'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def years_phrase(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"
