"""The engines' index (OpenSearch and Elasticsearch): its settings and mapping, and the
document written for each marketplace entry."""

from __future__ import annotations

from .. import facet_rollup
from ..models import MarketplaceEntry

# The facets are counted over two combined keys (see search/facet_rollup.py): at most this many
# regions (province|regency) and kinds (category|business unit|availability).
COMBINED_FACET_SIZES = {"region_key": 2000, "kind_key": 5000}
# The version of the documents and mapping, in the mapping's _meta: an index built by an older
# version is replaced by ``search_rebuild`` (see the README's release notes).
SCHEMA = 2
INDEX_SETTINGS = {
    "settings": {
        "number_of_shards": 1,
        # One replica as soon as a second node is there (site/opensearch.sh with OPENSEARCH_NODES=2):
        # with a node down, its copy on the other answers. A single node stays green with none.
        "auto_expand_replicas": "0-1",
        # Publishing syncs with refresh=True; the rebuild turns refreshes off while it loads.
        "refresh_interval": "1s",
        "analysis": {
            # The words arrive lower-cased and stemmed to their Indonesian roots (Sastrawi).
            "analyzer": {"kmp_indonesian": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}
        },
    },
    # Facet (keyword) fields build their global ordinals at refresh, not in the first search after it.
    "mappings": {
        "dynamic": "strict",
        "_meta": {"kmp_schema": SCHEMA},
        "properties": {
            "page_id": {"type": "long"},
            "title": {"type": "keyword", "ignore_above": 512},
            "search_title": {"type": "text", "analyzer": "kmp_indonesian"},
            "search_body": {"type": "text", "analyzer": "kmp_indonesian"},
            "search_prefix": {"type": "text", "analyzer": "kmp_indonesian"},
            "price": {"type": "long"},
            "category": {"type": "keyword", "eager_global_ordinals": True},
            "business_unit_slug": {"type": "keyword", "eager_global_ordinals": True},
            "business_unit_name": {"type": "keyword"},
            # keyword, not boolean: OpenSearch counts a terms aggregation over every document from
            # the term index (document frequencies) for keyword fields only, so browsing
            # everything does not read the field of a million documents. Queries send true/false.
            "available": {"type": "keyword"},
            "province_code": {"type": "keyword", "eager_global_ordinals": True},
            "province_name": {"type": "keyword"},
            "regency_code": {"type": "keyword", "eager_global_ordinals": True},
            "regency_name": {"type": "keyword"},
            "region_key": {"type": "keyword", "eager_global_ordinals": True},
            "kind_key": {"type": "keyword", "eager_global_ordinals": True},
            "first_published_at": {"type": "date"},
            "indexed_at": {"type": "date"},
        },
    },
}
# The fields copied from an entry as they are (the page id and the combined keys are computed).
DOCUMENT_FIELDS = [
    name for name in INDEX_SETTINGS["mappings"]["properties"] if name not in ("page_id", *COMBINED_FACET_SIZES)
]


def document(entry: MarketplaceEntry) -> dict:
    doc = {name: getattr(entry, name) for name in DOCUMENT_FIELDS}
    doc["page_id"] = entry.page_id
    doc["region_key"] = facet_rollup.region_key(entry.province_code, entry.regency_code)
    doc["kind_key"] = facet_rollup.kind_key(entry.category, entry.business_unit_slug, entry.available)
    for name in ("first_published_at", "indexed_at"):
        doc[name] = doc[name].isoformat() if doc[name] else None
    return doc
