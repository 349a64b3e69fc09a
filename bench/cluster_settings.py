"""Settings of the two-node run (bench/cluster.py): production settings on loopback HTTP.

Cookies go over plain HTTP here (no TLS on loopback). The clients stand for buyers behind a
trusted CDN and nginx (DJANGO_NUM_PROXIES=2): the address a CDN puts in X-Forwarded-For is
the client, which is how 50 load clients are 50 buyers and one API client is one.
"""

import os

from bench.load_settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_FILE_PATH = os.environ.get("KMP_EMAIL_FILE_PATH", "")
KMP = {  # noqa: F405
    **KMP,  # noqa: F405
    "SEARCH_INDEX": "kmp-cluster",
    "API_ANON_RATE": os.environ.get("KMP_API_ANON_RATE", "30/minute"),
}
