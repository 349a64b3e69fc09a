"""Upload checks for documents: Wagtail checks only a document's extension and no size.

Officers upload governance documents (AD/ART, RAT reports, financial statements) from
phones; a file must be no larger than ``KMP["DOCUMENT_MAX_UPLOAD_SIZE"]`` and its first bytes
must match its extension, so an HTML page or a script cannot be stored as ``laporan.pdf``.
Enabled by ``WAGTAILDOCS_DOCUMENT_FORM_BASE``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from cooperative_pages import conf

# Leading bytes each allowed extension must start with (office formats are ZIP containers).
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
}


def validate_document_file(file) -> None:
    """Refuse a document that is too big or whose content does not match its extension."""
    limit = conf.get("DOCUMENT_MAX_UPLOAD_SIZE")
    if file.size > limit:
        raise ValidationError(
            _("This file is too big (%(size)s). The maximum size is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    signatures = _SIGNATURES.get(extension)
    if signatures is None:
        return  # an extension this list does not know: Wagtail's extension check decides
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(signatures):
        raise ValidationError(
            _("The content of this file is not %(extension)s: upload a real %(extension)s document."),
            code="file_content_mismatch",
            params={"extension": extension.upper()},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with the size and content checks above."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_document_file(file)
        return file
