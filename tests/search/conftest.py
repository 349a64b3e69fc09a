from tests.search.fixtures import catalogue, search_backend  # noqa: F401
