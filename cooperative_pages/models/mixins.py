"""Small behaviours shared by the cooperative page types."""

from wagtail.models import PagePermissionTester


class StructuralPagePermissionTester(PagePermissionTester):
    """Region, cooperative and index pages are the skeleton of every microsite:
    only superusers may delete, move, copy or unpublish them."""

    def _is_superuser(self) -> bool:
        return self.user.is_active and self.user.is_superuser

    def can_delete(self, ignore_bulk=False):
        return self._is_superuser() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self._is_superuser() and super().can_move()

    def can_copy(self):
        return self._is_superuser() and super().can_copy()

    def can_unpublish(self):
        return self._is_superuser() and super().can_unpublish()


class StructuralPageMixin:
    """Marks a page type as part of the fixed microsite skeleton (see the tester)."""

    def permissions_for_user(self, user):
        return StructuralPagePermissionTester(user, self)
