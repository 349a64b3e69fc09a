"""When the words as typed find nothing: their spelling corrected, then fewer words, then any of them.

The same steps on every backend, each reading its own vocabulary:

1. the search as typed, every word matching (``berass kripik`` finds nothing);
2. words the index does not know are corrected (``search/spelling.py``: ``beras keripik``)
   or left out when nothing is near (``penjualan beras`` -> ``beras``), and the words
   left are searched again, every one matching;
3. when that finds nothing and several words are left (``beras kopi``), products with
   any of them, those with more of the words ranking first.

What the results were found for travels with them (``Recall``): the storefront says
"Menampilkan hasil untuk …" and "Mungkin maksud Anda: …", the API returns it.
"""

from __future__ import annotations

from dataclasses import replace

from . import spelling, stemming
from .backends import SearchBackend
from .query import ProductQuery, Recall, SearchHits


def search(backend: SearchBackend, query: ProductQuery) -> tuple[SearchHits, Recall | None]:
    """``backend.search(query)``, or when it finds nothing, the steps above (a vocabulary lookup, unless
    the search brought it along, and one or two more searches)."""
    hits = backend.search(query)
    terms = query.terms
    if hits.count or not terms:
        return hits, None
    words, corrections = known_words(backend, terms, vocabulary=hits.vocabulary)
    if not words:
        return hits, None
    recall = Recall(words=tuple(words), corrected_query=corrected_text(query.text, corrections))
    if words != terms:
        hits = backend.search(replace(query, words=tuple(words)))
        if hits.count:
            return hits, recall
    if len(words) > 1:
        hits = backend.search(replace(query, words=tuple(words), match_any=True))
        if hits.count:
            return hits, replace(recall, match_any=True)
    return hits, None


def autocomplete(backend: SearchBackend, text: str, *, limit: int) -> tuple[list[str], Recall | None]:
    """Titles for what was typed, or for its known and corrected words when it finds none."""
    titles = backend.autocomplete(text, limit=limit)
    terms = stemming.query_terms(text)
    if titles or not terms:
        return titles, None
    words, corrections = known_words(backend, terms)
    if not words or words == terms:
        return titles, None
    titles = backend.autocomplete(" ".join(words), limit=limit)
    if not titles:
        return titles, None
    return titles, Recall(words=tuple(words), corrected_query=corrected_text(text, corrections))


def known_words(
    backend: SearchBackend, terms: list[str], *, vocabulary: dict[str, dict[str, int]] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The terms the index knows, the unknown ones replaced by their correction or left out;
    and the corrections (term -> word). One vocabulary lookup, unless the search as typed
    brought ``vocabulary`` along."""
    if vocabulary is None:
        vocabulary = backend.vocabulary(terms)
    words: list[str] = []
    corrections: dict[str, str] = {}
    for term in terms:
        counts = vocabulary.get(term, {})
        word = term if counts.get(term) else spelling.best(term, counts)
        if word is None:
            continue
        if word != term:
            corrections[term] = word
        if word not in words:
            words.append(word)
    return words, corrections


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    """``text`` with each word whose stem was corrected replaced by the correction ("" without any)."""
    if not corrections:
        return ""
    return " ".join(corrections.get(stemming.stem(word), word) for word in stemming.tokens(text))
