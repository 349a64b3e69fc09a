"""The dashboard's keys of the namespaced ``KMP`` setting, with their documented defaults.

- ``ACTIVE_DAYS`` (shared with ``cooperative_pages``): a cooperative is *active* when it had an
  approved publication within this many days; also the age after which it is *stale*.
- ``READY_SCORE``: the financing-readiness score (0–100) from which a cooperative is
  listed as ready in the bank CSV (``70``).
- ``REMINDER_INTERVAL_DAYS``: ``send_update_reminders`` reminds a recipient at most once in
  this many days (``7``); never twice on one day whatever the value.
- ``DASHBOARD_TREND_DAYS``: how many days of snapshots the trend charts show (``90``).
- ``DASHBOARD_CACHE_SECONDS``: how long the dashboard's figures are cached (``60``; ``0`` turns the
  cache off). Every change made in the same process invalidates them at once; with several
  worker processes and a per-process cache, other workers show a change within this time.
"""

from django.conf import settings

DEFAULTS = {
    "ACTIVE_DAYS": 30,
    "READY_SCORE": 70,
    "REMINDER_INTERVAL_DAYS": 7,
    "DASHBOARD_TREND_DAYS": 90,
    "DASHBOARD_CACHE_SECONDS": 60,
}


def get(key: str):
    """Return the host's value for ``key`` in ``settings.KMP``, falling back to the default."""
    return {**DEFAULTS, **getattr(settings, "KMP", {})}[key]
