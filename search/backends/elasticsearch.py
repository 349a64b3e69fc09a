"""Marketplace search on Elasticsearch 8, through the ``elasticsearch`` client.

Chosen by the scheme of ``SEARCH_URL``: ``elasticsearch://host:port`` (HTTP) or
``elasticsearch+https://[user:password@]host:port``; ``http(s)://`` means OpenSearch.
The scheme decides because each client refuses the other server (the
``elasticsearch`` client checks the ``X-Elastic-Product`` header).

Everything but the client is the OpenSearch backend's: the same documents,
queries, sorts, facets, alias-swap rebuild and degraded mode (``client_errors``
become ``SearchBackendUnavailable``). One difference in the index settings:
Elasticsearch keeps the ``whitespace`` tokenizer in its analysis-common module,
which the node that Maven Central serves (site/elasticsearch.sh) lacks, so the
text fields use the built-in ``whitespace`` analyzer of Elasticsearch's core.
It splits on whitespace like the OpenSearch analyzer and leaves out only its
``lowercase`` filter, which changes nothing: the indexed text and the query
words are lower-cased (and stemmed) in Python (``search/stemming.py``).
"""

from __future__ import annotations

import copy
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from .opensearch import INDEX_SETTINGS, POOL_MAXSIZE, OpenSearchBackend

SCHEMES = {"elasticsearch": "http", "elasticsearch+http": "http", "elasticsearch+https": "https"}
ANALYZER = "whitespace"  # built into Elasticsearch's core


def http_url(url: str) -> str:
    """``elasticsearch://127.0.0.1:9200`` -> ``http://127.0.0.1:9200``."""
    parts = urlsplit(url)
    scheme = SCHEMES.get(parts.scheme.lower())
    if scheme is None:
        raise ValueError(f"not an Elasticsearch URL (elasticsearch:// or elasticsearch+https://): {url}")
    return urlunsplit(parts._replace(scheme=scheme))


def elasticsearch_index_settings(settings: dict) -> dict:
    """The OpenSearch index settings with core analyzers only (see the module docstring)."""
    settings = copy.deepcopy(settings)
    settings["settings"].pop("analysis", None)
    for field in settings["mappings"]["properties"].values():
        if "analyzer" in field:
            field["analyzer"] = ANALYZER
    return settings


class ElasticsearchBackend(OpenSearchBackend):
    name = "elasticsearch"
    # ApiError: the server answered with an error status (``status_code``, 404 for a missing
    # alias); TransportError: no answer (connection refused, timeout, bad response).
    client_errors = (ApiError, TransportError, OSError)
    bulk_helper = staticmethod(helpers.bulk)
    index_settings = elasticsearch_index_settings(INDEX_SETTINGS)

    @staticmethod
    def make_client(url: str, timeout: float) -> Elasticsearch:
        return Elasticsearch(
            hosts=[http_url(url)],
            request_timeout=timeout,
            max_retries=0,
            retry_on_timeout=False,
            connections_per_node=POOL_MAXSIZE,
        )

    def bulk_target(self, timeout: float | None) -> tuple[object, dict]:
        return (self.client.options(request_timeout=timeout) if timeout else self.client), {}

    def _call(self, method, **kwargs):
        # elasticsearch-py takes transport options (a longer timeout for a force-merge)
        # through ``options()``; as a call argument they still work but warn.
        timeout = kwargs.pop("request_timeout", None)
        if timeout is not None:
            namespace = method.__self__  # the client or one of its namespaces (``indices``)
            target = self.client.options(request_timeout=timeout)
            if namespace is not self.client:
                target = type(namespace)(target)
            method = getattr(target, method.__name__)
        return super()._call(method, **kwargs)
