"""Bases for the AppConfigs of the plugin's apps (and of the reference site's apps that follow them)."""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig


class PluginAppConfig(AppConfig):
    """An app whose models get 64-bit primary keys whatever the host's DEFAULT_AUTO_FIELD."""

    default_auto_field = "django.db.models.BigAutoField"


class SignalHandlersAppConfig(PluginAppConfig):
    """An app whose ``signal_handlers.register()`` connects its receivers once the app registry is ready."""

    def ready(self) -> None:
        import_module(f"{self.name}.signal_handlers").register()
