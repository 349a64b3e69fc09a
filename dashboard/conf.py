"""Kept for ``dashboard/reminders.py`` only, which another change is moving onto the task
queue: the dashboard's options are keys of the plugin's one ``KMP`` setting, documented
with their defaults in ``cooperative_pages/conf.py``. Import ``cooperative_pages.conf``."""

from cooperative_pages.conf import get

__all__ = ["get"]
