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


class PublicPageMixin:
    """A public page that names its cooperative and place and carries its metadata.

    ``get_context`` adds ``identity`` (breadcrumb, cooperative, place: ``public.page_identity``),
    what the page type shows (``public_context``) and ``meta`` (title, description, canonical URL,
    Open Graph and JSON-LD: ``page_meta``, built from that context, so templates never query).
    """

    def get_context(self, request, *args, **kwargs):
        from ..public import page_identity

        context = super().get_context(request, *args, **kwargs)
        identity = page_identity(page=self, request=request)
        context["identity"] = identity
        context.update(self.public_context(request=request, identity=identity))
        context["meta"] = self.page_meta(identity=identity, context=context)
        return context

    def public_context(self, *, request, identity) -> dict:
        """What this page type shows, read through selectors."""
        return {}

    def page_meta(self, *, identity, context):
        from ..seo import section_meta

        return section_meta(page=self, identity=identity)
