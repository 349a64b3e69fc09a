"""The rule that picks a misspelt word's correction (search/spelling.py), the same for every backend."""

from __future__ import annotations

import pytest

from search import spelling


@pytest.mark.parametrize(
    ("word", "edits"), [("ab", 0), ("teh", 1), ("beras", 1), ("kripik", 2), ("bandneg", 2), ("kerajinan", 2)]
)
def test_edits_allowed_grow_with_the_length_of_the_word(word, edits):
    assert spelling.max_edits(word) == edits


@pytest.mark.parametrize(
    ("word", "candidate", "near"),
    [
        ("berass", "beras", True),  # a letter too many
        ("kripik", "keripik", True),  # a letter missing
        ("bandneg", "bandeng", True),  # two neighbours swapped: one edit
        ("beras", "keras", False),  # the first letter is kept
        ("kopi", "kapas", False),  # two edits for a four-letter word
        ("beras", "beras", False),  # a word is not its own correction
        ("kerajinan", "kerajnn", True),  # two edits from six letters
        ("kerajinan", "kerjnn", False),  # three edits are too many
    ],
)
def test_within_reach(word, candidate, near):
    assert spelling.within_reach(word, candidate) is near


def test_the_nearest_word_wins_then_the_most_frequent_then_the_first():
    assert spelling.best("berass", {"beras": 1, "berat": 500}) == "beras"  # 1 edit vs 2
    assert spelling.best("kopu", {"kopi": 40, "kopa": 2}) == "kopi"  # one edit each: more documents
    assert spelling.best("kopu", {"kopi": 2, "kopa": 2}) == "kopa"  # a tie: alphabetical
    assert spelling.best("kopu", {"kopi": 0}) is None  # a word no product has any more
    assert spelling.best("xyzzy", {}) is None


def test_candidate_range_is_the_slice_every_backend_reads():
    assert spelling.candidate_range("kripik") == ("k", "l", 4, 8)
    assert spelling.candidate_range("teh") == ("t", "u", 2, 4)
