"""The marketplace on an OpenSearch cluster: every node named in SEARCH_URL is used, a dead one is
skipped without a degraded answer, and the index carries one replica once a second node is there.
CI runs these on site/opensearch.sh's two-node cluster (OPENSEARCH_NODES=2)."""

from __future__ import annotations

import pytest

from search import backends

ENGINE = [pytest.param("engine", marks=pytest.mark.search_engine)]


@pytest.mark.parametrize("search_backend", ENGINE, indirect=True)
def test_a_dead_node_in_search_url_is_skipped_not_degraded(client, catalogue, search_backend, settings):
    if search_backend != "opensearch":
        pytest.skip("the Elasticsearch backend takes one node")
    settings.KMP = {**settings.KMP, "SEARCH_URL": "http://127.0.0.1:9," + settings.KMP["SEARCH_URL"]}
    for _ in range(4):  # round robin: the dead node comes first at least once
        answer = client.get("/api/marketplace/products/", {"q": "ikan"}).json()
        assert answer["degraded"] is False and answer["count"] == 2


@pytest.mark.parametrize("search_backend", ENGINE, indirect=True)
def test_the_index_has_one_replica_on_a_cluster_of_two(catalogue, search_backend, settings):
    if search_backend != "opensearch":
        pytest.skip("OpenSearch cluster")
    engine = backends.engine_backend()
    data_nodes = [node for node in engine.client.cat.nodes(format="json") if "d" in node["node.role"]]
    [index_settings] = engine.client.indices.get_settings(index=settings.KMP["SEARCH_INDEX"]).values()
    assert index_settings["settings"]["index"]["auto_expand_replicas"] == "0-1"
    replicas = int(index_settings["settings"]["index"]["number_of_replicas"])
    assert replicas == min(1, len(data_nodes) - 1)
    if len(data_nodes) > 1:
        health = engine.client.cluster.health(
            index=settings.KMP["SEARCH_INDEX"], wait_for_status="green", params={"timeout": "30s"}, request_timeout=40
        )
        assert health["status"] == "green" and health["active_shards"] == 2
