"""Settings of the load run (bench/load.py): production settings on loopback HTTP.

The 50 simulated clients stand for buyers on different addresses: each request carries one in
``X-Forwarded-For`` (``DJANGO_NUM_PROXIES=1``), so the limit keeps a window per buyer as in
production; the limit is lifted all the same, so that no load request is refused. The engine
index is the run's own.
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
KMP = {**KMP, "API_ANON_RATE": "100000000/minute", "SEARCH_INDEX": "kmp-bench"}  # noqa: F405
