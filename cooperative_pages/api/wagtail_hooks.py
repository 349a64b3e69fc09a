from wagtail import hooks

from . import changes
from .viewsets import api_key_viewset


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return api_key_viewset


hooks.register("after_cooperatives_bulk_create", changes.cooperatives_bulk_created)
hooks.register("after_cooperative_activity_change", changes.cooperative_activity_changed)
