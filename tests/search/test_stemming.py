import pytest

from search import stemming


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("menjual", "jual"),
        ("dijual", "jual"),
        ("penjual", "jual"),
        ("perikanan", "ikan"),
        ("menganyam", "anyam"),
        ("anyaman", "anyam"),
        ("sayuran", "sayur"),
        ("beras", "beras"),
        ("kopi", "kopi"),
    ],
)
def test_indonesian_roots(word, root):
    assert stemming.stem(word) == root


def test_text_is_folded_and_split_into_words():
    assert stemming.tokens("Kopi Gayo, Arabika! Café 5kg") == ["kopi", "gayo", "arabika", "cafe", "5kg"]
    assert stemming.stem_text("Menjual hasil Perikanan") == "jual hasil ikan"


def test_query_terms_are_distinct_stems_and_bounded():
    assert stemming.query_terms("menjual jual JUALAN ikan") == ["jual", "ikan"]
    assert len(stemming.query_terms(" ".join(f"kata{i}" for i in range(50)))) == stemming.MAX_QUERY_TERMS
    # FTS syntax and SQL in a query are only words to search for
    assert stemming.query_terms('"beras" OR kopi* NEAR(x); DROP TABLE') == [
        "beras",
        "or",
        "kopi",
        "near",
        "x",
        "drop",
        "table",
    ]
    assert stemming.query_terms("*** ---") == []
