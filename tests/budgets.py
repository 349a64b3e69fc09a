"""Query budgets that several pinned counts share."""

# The per-client rate limit that every API request and every limited page pays: one read and one
# write of the "counters" cache, Django's DatabaseCache (read; then count, savepoint, select,
# insert or update, release). Pinned by tests/abuse/test_lockout.py.
RATE_LIMIT_QUERIES = 6
