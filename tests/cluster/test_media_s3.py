"""Media on a real S3 server (site/s3.sh: S3Proxy): originals and documents private, renditions
public from DJANGO_MEDIA_PUBLIC_URL, documents through Django (view restrictions hold), and
media_to_s3 moving a local folder into the bucket, resumable."""

from __future__ import annotations

import io

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.cluster.services import require
from tests.factories import jpeg_bytes, make_cooperative, make_image, make_product

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def s3(settings):
    require("DJANGO_MEDIA_S3_BUCKET", "site/s3.sh")
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    return storages["default"]


def anonymous_get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10)


def test_an_original_is_private_and_its_renditions_public(s3):
    image = make_image(title="Beras di S3")
    name = image.file.name
    assert s3.exists(name) and name.startswith("original_images/")
    bare = s3.url(name).split("?")[0]
    assert anonymous_get(bare).status_code == 403  # no signature: refused
    assert anonymous_get(image.file.url).content[:2] == b"\xff\xd8"  # signed, short-lived: the JPEG
    rendition = image.get_rendition("fill-480x360|format-webp|webpquality-70")
    assert storages["renditions"].exists(rendition.file.name)
    assert "?" not in rendition.url
    response = anonymous_get(rendition.url)
    assert response.status_code == 200 and response.content[8:12] == b"WEBP"


def test_a_product_page_shows_its_photo_from_the_public_media_url(client, portal, settings):
    from cooperative_pages.models import ProductPageImage

    product = make_product(make_cooperative(), title="Madu Hutan S3")
    ProductPageImage.objects.create(page=product, image=make_image(title="Madu"), sort_order=0)
    product.save_revision().publish(skip_permission_checks=True)
    response = client.get(product.url)
    html = response.content.decode()
    public_url = storages["renditions"].url("images/")
    assert public_url.rsplit("images/", 1)[0] in html
    assert public_url.split("/")[2] in response["Content-Security-Policy"]  # img-src allows the media origin


def test_documents_are_served_through_django_so_restrictions_hold(client, s3):
    Document = get_document_model()
    collection = Collection.get_first_root_node().add_child(name="Dokumen rapat")
    document = Document(title="Notulen RAT", collection=collection)
    document.file.save("notulen-rat.pdf", ContentFile(b"%PDF-1.4 notulen rahasia"), save=True)
    assert anonymous_get(s3.url(document.file.name).split("?")[0]).status_code == 403
    served = client.get(document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4 notulen rahasia"
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    refused = client.get(document.url)
    assert refused.status_code == 302 and "login" in refused["Location"]


def test_media_to_s3_copies_a_local_folder_and_can_be_run_again(tmp_path, s3):
    (tmp_path / "original_images").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "original_images" / "lama-kmp.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "images" / "lama-kmp.fill-480x360.webp").write_bytes(b"RIFF0000WEBPlama")
    out = io.StringIO()
    call_command("media_to_s3", "--source", str(tmp_path), "--dry-run", stdout=out, verbosity=0)
    assert "2 files: 2 to copy, 0 already there" in out.getvalue()
    assert not s3.exists("original_images/lama-kmp.jpg")
    call_command("media_to_s3", "--source", str(tmp_path), stdout=out, verbosity=0)
    assert anonymous_get(s3.url("original_images/lama-kmp.jpg").split("?")[0]).status_code == 403
    rendition = anonymous_get(storages["renditions"].url("images/lama-kmp.fill-480x360.webp"))
    assert rendition.status_code == 200 and rendition.content == b"RIFF0000WEBPlama"
    out = io.StringIO()
    call_command("media_to_s3", "--source", str(tmp_path), "--delete-local", stdout=out, verbosity=0)
    assert "2 files: 0 copied, 2 already there" in out.getvalue()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
    for name in ("original_images/lama-kmp.jpg", "images/lama-kmp.fill-480x360.webp"):
        s3.delete(name)
