"""Hostile uploads through the real Wagtail admin views, as an officer: each is refused
with a message that says why, and no file or row is stored."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cooperative_pages import conf
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A few hundred bytes that declare a 2.5-gigapixel image (about 7.5 GB once decoded)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # A little compressed data: rows of zeros; a decoder would go on to allocate the whole image.
    body = zlib.compress(b"\x00" * (1 + width * 3) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
HTML_AS_JPEG = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _jpeg_bytes(*, pad_to: int = 0) -> bytes:
    data = jpeg_bytes()
    # Bytes after the JPEG end marker: still a valid image, only bigger.
    return data + b"\x00" * max(0, pad_to - len(data))


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


IMAGE_CASES = {
    "html_named_jpg": (lambda: ("foto.jpg", HTML_AS_JPEG, "image/jpeg"), "format"),
    "decompression_bomb": (lambda: ("bom.png", decompression_bomb_png(), "image/png"), "pixel"),
    "svg_with_script": (lambda: ("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"), "svg"),
    "oversized": (
        lambda: ("besar.jpg", _jpeg_bytes(pad_to=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1024), "image/jpeg"),
        "besar",
    ),
}


def _image_error_says(case: str, text: str) -> bool:
    """The refusal names the reason, in Indonesian or English."""
    text = text.lower()
    reasons = {
        "format": ["format", "bukan gambar", "tidak didukung"],
        "pixel": ["piksel", "pixel"],
        "svg": ["svg", "tidak didukung", "not supported", "not a valid"],
        "besar": ["besar", "too big", "ukuran", "maks"],
    }
    return any(word in text for word in reasons[case])


def _attack(case: str) -> tuple[SimpleUploadedFile, str, set[str]]:
    """The case's file as an upload, the reason its refusal must name, and the files stored before it."""
    make, reason = IMAGE_CASES[case]
    name, content, content_type = make()
    return SimpleUploadedFile(name, content, content_type=content_type), reason, _stored_files()


def _assert_nothing_kept(before: set[str], model=Image) -> None:
    assert not model.objects.exists()
    assert _stored_files() == before


def _add_image(client, target, *, title: str, upload: SimpleUploadedFile):
    data = {"title": title, "collection": target.cooperative.collection_id, "file": upload}
    return client.post(reverse("wagtailimages:add"), data)


@pytest.mark.parametrize("case", IMAGE_CASES)
def test_image_upload_refused_in_the_add_view(case, target, officer_client):
    upload, reason, before = _attack(case)
    response = _add_image(officer_client, target, title="Serangan", upload=upload)
    assert response.status_code == 200, "the form comes back with its errors, not a redirect"
    errors = " ".join(str(e) for e in response.context["form"].errors.get("file", []))
    assert errors, f"{case}: no error on the file field"
    assert _image_error_says(reason, errors), f"{case}: unclear message {errors!r}"
    assert errors in response.content.decode() or errors.split(".")[0] in response.content.decode()
    _assert_nothing_kept(before)


@pytest.mark.parametrize("case", IMAGE_CASES)
def test_image_upload_refused_in_the_multiple_upload_view(case, target, officer_client):
    upload, reason, before = _attack(case)
    response = officer_client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": target.cooperative.collection_id, "files[]": upload},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["success"] is False
    assert _image_error_says(reason, payload["error_message"]), payload
    _assert_nothing_kept(before)


def test_a_real_photo_is_accepted(target, officer_client):
    """The control case: the same view takes an ordinary JPEG, so the refusals above are not a broken view."""
    photo = SimpleUploadedFile("beras.jpg", _jpeg_bytes(), content_type="image/jpeg")
    response = _add_image(officer_client, target, title="Beras", upload=photo)
    assert response.status_code == 302
    assert Image.objects.get().collection_id == target.cooperative.collection_id


DOCUMENT_CASES = {
    "svg_with_script": (lambda: ("ad-art.svg", SVG_WITH_SCRIPT), ["svg", "ekstensi", "extension"]),
    "html_named_pdf": (lambda: ("laporan-rat.pdf", HTML_AS_JPEG), ["isi", "content", "pdf"]),
    "html_named_jpg": (lambda: ("scan.jpg", HTML_AS_JPEG), ["isi", "content", "jpg"]),
    "html_page": (lambda: ("laporan.html", HTML_AS_JPEG), ["html", "ekstensi", "extension"]),
    "oversized_pdf": (
        lambda: ("neraca.pdf", b"%PDF-1.4\n" + b"0" * (conf.get("DOCUMENT_MAX_UPLOAD_SIZE") + 1)),
        ["besar", "too big", "maks"],
    ),
}


def _document_attack(case: str) -> tuple[str, bytes, list[str], set[str]]:
    """The case's file name and bytes, the words its refusal must use, and the files stored before it."""
    make, words = DOCUMENT_CASES[case]
    name, content = make()
    return name, content, words, _stored_files()


@pytest.mark.parametrize("case", DOCUMENT_CASES)
def test_document_upload_refused(case, target, officer_client):
    name, content, words, before = _document_attack(case)
    response = officer_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Serangan",
            "collection": target.cooperative.collection_id,
            "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        },
    )
    assert response.status_code == 200, "the form comes back with its errors, not a redirect"
    errors = " ".join(str(e) for e in response.context["form"].errors.get("file", [])).lower()
    assert any(word in errors for word in words), f"{case}: unclear message {errors!r}"
    _assert_nothing_kept(before, Document)


@pytest.mark.parametrize("case", ["oversized_pdf", "html_named_pdf"])
def test_document_refused_in_the_multiple_upload_view(case, target, officer_client):
    name, content, words, before = _document_attack(case)
    response = officer_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": target.cooperative.collection_id, "files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    payload = response.json()
    assert payload["success"] is False
    assert any(word in payload["error_message"].lower() for word in words), payload
    _assert_nothing_kept(before, Document)


@pytest.mark.parametrize(
    "name,content",
    [
        ("ad-art.pdf", b"%PDF-1.7\n%kmp\n"),
        ("foto-rat.jpg", _jpeg_bytes()),
        ("neraca.xlsx", b"PK\x03\x04" + os.urandom(64)),
    ],
)
def test_real_documents_are_accepted(name, content, target, officer_client):
    response = officer_client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "collection": target.cooperative.collection_id, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Document.objects.get().collection_id == target.cooperative.collection_id
