"""Which word of the index's vocabulary a misspelt search word means: one rule for every backend.

Each backend finds the *candidates* in its own vocabulary (the database in the
term table kept with its full-text index, the engine with its term suggester,
a fuzzy lookup in its term dictionary) and counts their documents; the choice
among them is made here, so ``berass`` becomes ``beras`` on all four backends.

The rule is Lucene's (the engines' ``fuzziness: AUTO`` and term suggester): a
word keeps its first letter; up to one edit for 3-5 letters, two from six;
an edit inserts, deletes or replaces a letter or swaps two neighbours (optimal
string alignment, so ``bandneg`` is one edit from ``bandeng``); the nearest
candidate wins, then the one in most documents, then the first alphabetically.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz.distance import OSA

# Words shorter than this are never corrected (too many neighbours: "teh", "tahu").
MIN_LENGTH = 3
# Letters a candidate shares with the word, from the start (Lucene's prefix_length).
PREFIX_LENGTH = 1
MAX_EDITS = 2


def max_edits(word: str) -> int:
    """Edits allowed for ``word``: Elasticsearch's ``AUTO`` (0 below 3 letters, 1 up to 5, then 2)."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) <= 5 else MAX_EDITS


def candidate_range(word: str) -> tuple[str, str, int, int]:
    """The vocabulary slice a backend reads for ``word``: terms from ``low`` (inclusive) to ``high``
    (exclusive), ``min_length`` to ``max_length`` letters long."""
    prefix = word[:PREFIX_LENGTH]
    edits = max_edits(word)
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), max(1, len(word) - edits), len(word) + edits


def within_reach(word: str, candidate: str) -> bool:
    """Whether ``candidate`` is a spelling of ``word`` this rule accepts (never ``word`` itself)."""
    edits = max_edits(word)
    return (
        candidate != word
        and candidate[:PREFIX_LENGTH] == word[:PREFIX_LENGTH]
        and abs(len(candidate) - len(word)) <= edits
        and OSA.distance(word, candidate, score_cutoff=edits) <= edits
    )


def best(word: str, counts: Mapping[str, int]) -> str | None:
    """The correction of ``word`` among ``counts`` (candidate -> documents), or ``None``."""
    ranked = sorted(
        (OSA.distance(word, candidate), -count, candidate)
        for candidate, count in counts.items()
        if count > 0 and within_reach(word, candidate)
    )
    return ranked[0][2] if ranked else None
