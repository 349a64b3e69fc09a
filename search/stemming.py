"""Indonesian tokens and stems, computed in Python at index and query time.

Every backend (SQLite FTS5, PostgreSQL, OpenSearch) indexes the same stemmed
words, so ``menjual`` finds ``jual`` and ``perikanan`` finds ``ikan`` the same
way everywhere. The stemmer is Sastrawi (Nazief-Adriani with a root-word
dictionary, from the maintained ``PySastrawi`` package).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

_WORD = re.compile(r"[^\W_]+")
# Words this short, or with digits ("5kg", "2024"), are kept as they are.
_MIN_STEM_LENGTH = 4
MAX_QUERY_TERMS = 8

_stemmer = StemmerFactory().create_stemmer()


def tokens(text: str) -> list[str]:
    """Lower-case words without diacritics: ``"Kopi Gayo, Arabika!"`` -> ``["kopi", "gayo", "arabika"]``."""
    folded = unicodedata.normalize("NFKD", text or "").lower()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Indonesian root of one lower-case word (``menjual`` -> ``jual``)."""
    if len(word) < _MIN_STEM_LENGTH or not word.isalpha():
        return word
    return _stemmer.stem(word) or word


def stem_text(text: str) -> str:
    """``"Menjual hasil perikanan"`` -> ``"jual hasil ikan"``: the text as the index stores it."""
    return " ".join(stem(word) for word in tokens(text))


def query_terms(text: str) -> list[str]:
    """The distinct stems of a search query, in order, at most ``MAX_QUERY_TERMS``."""
    terms: list[str] = []
    for word in tokens(text):
        root = stem(word)
        if root not in terms:
            terms.append(root)
    return terms[:MAX_QUERY_TERMS]


def prefix_terms(text: str) -> list[str]:
    """Unstemmed words of an autocomplete query (the last one is a prefix)."""
    return tokens(text)[:MAX_QUERY_TERMS]
