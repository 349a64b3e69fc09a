"""Settings of the load run (bench/load.py): production settings on loopback HTTP.

The 50 simulated clients all come from 127.0.0.1 but stand for 50 buyers on different
addresses, so the per-address API limit is lifted; the engine index is the run's own.
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
KMP = {**KMP, "API_ANON_RATE": "100000000/minute", "SEARCH_INDEX": "kmp-bench"}  # noqa: F405
