"""The profiles' words (models.SearchWord), written whole: after a rebuild of the index and
every night (tasks.refresh_search_words). Only public profiles count, and only words of three
to forty letters without digits (no phone numbers, no postcodes)."""

import re
from collections import Counter

from django.db import connection, transaction

from marketplace.core.vocabulary import fold

from ..models import SearchEntry, SearchWord

__all__ = ["refresh_words"]

_WORD = re.compile(r"[^\W\d_]{3,40}")

# ts_stat counts the profiles (ndoc) having each word of their folded, unstemmed text.
_REFRESH_SQL = """
INSERT INTO search_searchword (word, profiles)
SELECT word, ndoc FROM ts_stat($$
    SELECT to_tsvector('valund_simple', concat_ws(' ', p.display_name, p.headline, p.bio, p.city))
    FROM accounts_profile p JOIN search_searchentry e ON e.profile_id = p.id AND e.is_public
$$)
WHERE length(word) BETWEEN 3 AND 40 AND word !~ '[0-9_]'
"""


@transaction.atomic
def refresh_words() -> int:
    """Rewrite the word list from the public profiles; returns how many words it holds."""
    SearchWord.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_REFRESH_SQL)
            return cursor.rowcount
    counts: Counter = Counter()
    for text in SearchEntry.objects.filter(is_public=True).values_list("text", flat=True).iterator():
        counts.update(set(_WORD.findall(fold(text))))
    SearchWord.objects.bulk_create(SearchWord(word=word, profiles=n) for word, n in counts.items())
    return len(counts)
