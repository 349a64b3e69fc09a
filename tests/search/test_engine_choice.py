"""SEARCH_URL's scheme picks the engine client; the Elasticsearch index uses core analyzers only.

No server needed: these check the configuration. The engine behaviour itself is
covered by the ``search_engine`` tests, run on both servers in CI.
"""

from __future__ import annotations

import pytest

from search import backends
from search.backends import opensearch
from search.backends.elasticsearch import ElasticsearchBackend, elasticsearch_index_settings, http_url


@pytest.mark.parametrize(
    ("url", "backend", "address"),
    [
        ("http://127.0.0.1:9250", "opensearch", ("127.0.0.1", 9250)),
        ("https://search.example.id:443", "opensearch", ("search.example.id", 443)),
        ("elasticsearch://127.0.0.1:9260", "elasticsearch", "http://127.0.0.1:9260"),
        ("elasticsearch+https://kmp:rahasia@es.example.id:9243", "elasticsearch", "https://es.example.id:9243"),
    ],
)
def test_scheme_picks_the_backend(settings, url, backend, address):
    settings.KMP = {**settings.KMP, "SEARCH_URL": url}
    engine = backends.engine_backend()
    assert engine.name == backend
    if backend == "elasticsearch":
        node = engine.client.transport.node_pool.all()[0]
        assert node.base_url == address
    else:
        host = engine.client.transport.hosts[0]
        assert (host["host"], host["port"]) == address


def test_http_url_keeps_credentials_and_refuses_other_schemes():
    assert http_url("elasticsearch+https://u:p@h:9243/") == "https://u:p@h:9243/"
    with pytest.raises(ValueError, match="not an Elasticsearch URL"):
        http_url("http://127.0.0.1:9200")


def test_elasticsearch_index_needs_no_analysis_module():
    """The Maven Central node has no analysis-common: no custom analyzer, and every text
    field uses the built-in whitespace analyzer; everything else is OpenSearch's mapping."""
    settings = ElasticsearchBackend.index_settings
    assert "analysis" not in settings["settings"]
    texts = {name: field for name, field in settings["mappings"]["properties"].items() if field["type"] == "text"}
    assert set(texts) == {"search_title", "search_body", "search_prefix"}
    assert {field["analyzer"] for field in texts.values()} == {"whitespace"}
    # the OpenSearch settings are untouched (a deep copy), and the rest is the same
    assert "analysis" in opensearch.INDEX_SETTINGS["settings"]
    source = opensearch.INDEX_SETTINGS
    copied = elasticsearch_index_settings(source)["mappings"]["properties"]
    assert copied.keys() == source["mappings"]["properties"].keys()
    for name, field in source["mappings"]["properties"].items():
        if name not in texts:
            assert settings["mappings"]["properties"][name] == field
