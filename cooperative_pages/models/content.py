"""The abstract base of a cooperative's content pages (products, news, governance)."""

from wagtail.models import Page

from ..api.preview import HeadlessPreviewModeMixin
from .mixins import PublicPageMixin
from .page_forms import ScopedMediaPageForm


class CooperativeContentPage(PublicPageMixin, HeadlessPreviewModeMixin, Page):
    """A page an officer writes under one of their microsite's sections: public metadata,
    headless preview, the media chooser limited to the cooperative, and no children."""

    subpage_types: list[str] = []
    base_form_class = ScopedMediaPageForm

    class Meta:
        abstract = True
