from cooperative_pages import app_configs


class HomeConfig(app_configs.PluginAppConfig):
    name = "home"
