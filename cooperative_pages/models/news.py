"""News posts on a cooperative's microsite."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from .content import CooperativeContentPage


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("cooperative_pages.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class LabelledImageBlock(ImageBlock):
    """Wagtail's ImageBlock labels its image field from the child's name ("Image"),
    which no catalog translates; this one gives it a translatable label. It still
    deconstructs as ImageBlock, so stored data and migrations are unchanged."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Image")


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"])
    image = LabelledImageBlock(label=_("Image"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))


class NewsPage(CooperativeContentPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(_("summary"), max_length=250, blank=True)
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    parent_page_types = ["cooperative_pages.NewsIndexPage"]

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    api_fields = [APIField("date"), APIField("intro"), APIField("body"), APIField("tags")]

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")

    def public_context(self, *, request, identity) -> dict:
        from ..selectors import news_body, news_body_images

        images = news_body_images(news=self)
        return {"tags": list(self.tags.all()), "body_images": images, "body": news_body(news=self, images=images)}

    def page_meta(self, *, identity, context):
        from ..seo import OG_IMAGE_SPEC, news_meta

        images = context["body_images"]
        return news_meta(
            page=self, identity=identity, picture=images[0].get_rendition(OG_IMAGE_SPEC) if images else None
        )
