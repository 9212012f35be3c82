"""The profile word nearest to a word that matches nothing (models.SearchWord): on PostgreSQL
the few most similar by trigrams (its GIN index, a few milliseconds at a million profiles),
on SQLite every word of about the same length; either way the nearest by edit distance within
the same limit as the vocabulary's corrections, then the word more profiles have."""

from django.db import connection

from ..models import SearchWord
from ..understanding import correction_limit, edit_distance

__all__ = ["nearest_profile_word"]

CANDIDATES = 8


def nearest_profile_word(word: str) -> str | None:
    limit = correction_limit(word)
    if limit == 0:
        return None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, profiles FROM search_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, profiles DESC, word LIMIT %s",
                [word, word, CANDIDATES],
            )
            candidates = cursor.fetchall()
    else:
        candidates = list(
            SearchWord.objects.filter(word__startswith=word[0]).values_list("word", "profiles")
            if limit == 1 else SearchWord.objects.values_list("word", "profiles")
        )
    best = None
    for candidate, profiles in candidates:
        if abs(len(candidate) - len(word)) > limit or candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, -profiles, candidate) < best):
            best = (distance, -profiles, candidate)
    return best[2] if best else None
