"""Admin page forms that keep editors to the media they may choose.

Wagtail's image and document choosers only filter what they list; the edit form
accepts any image or document id that is posted. Here every image/document
choice of a page form (its fields, its inline panels and the images inside its
StreamFields) is limited to what the editor may choose, plus what the page
already holds, so a forged id of another cooperative's photo is refused.
"""

from __future__ import annotations

from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField, StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from ..forms import RupiahField
from ..rupiah import MAX_PRICE_RUPIAH


def _media_models() -> tuple[type[Model], ...]:
    return (get_image_model(), get_document_model())


def _choosable_ids(model: type[Model], user) -> set[int]:
    policy = policy_registry.get_by_type(model)
    return set(policy.instances_user_has_any_permission_for(user, ["choose"]).values_list("pk", flat=True))


def _media_in(value):
    """Images and documents inside a StreamField value, at any depth."""
    if isinstance(value, _media_models()):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _media_in(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from _media_in(child)
    elif isinstance(value, (ListValue, list, tuple)):
        for child in value:
            yield from _media_in(child)


class ScopedMediaPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self._media_user = None if user is None or user.is_superuser else user
        if self._media_user is None:
            return
        self._limit_media_fields(self)
        for formset in self.formsets.values():
            for form in formset.forms:
                self._limit_media_fields(form)

    def _limit_media_fields(self, form) -> None:
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or queryset.model not in _media_models():
                continue
            allowed = Q(pk__in=_choosable_ids(queryset.model, self._media_user))
            current = form.initial.get(name)
            if current:
                allowed |= Q(pk=getattr(current, "pk", current))
            field.queryset = queryset.filter(allowed)

    def clean(self):
        cleaned_data = super().clean()
        if self._media_user is None:
            return cleaned_data
        for name, field in self.fields.items():
            if not isinstance(field, BlockField) or name not in cleaned_data:
                continue
            saved = {(type(obj), obj.pk) for obj in _media_in(getattr(self.instance, name, None))}
            for obj in _media_in(cleaned_data[name]):
                if (type(obj), obj.pk) in saved or obj.pk in _choosable_ids(type(obj), self._media_user):
                    continue
                self.add_error(name, _("Choose images and documents of your own cooperative."))
                break
        return cleaned_data


class ProductPageForm(ScopedMediaPageForm):
    """The product form an officer fills on a phone: a rupiah price as people type it
    (``RupiahField``). It has no slug field: until the product is first published its URL
    follows its name, as Wagtail's editor keeps a new page's slug in step with its title."""

    price = RupiahField(label=_("Price"), help_text=_("For example 15.000 or 15rb"), max_value=MAX_PRICE_RUPIAH)

    def clean(self):
        cleaned_data = super().clean()
        if "slug" not in self.fields and not self.instance.first_published_at:
            self.instance.slug = ""  # Page.full_clean() makes it from the title again
        return cleaned_data
