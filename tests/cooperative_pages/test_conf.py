"""One namespaced setting, ``KMP``, read through ``cooperative_pages.conf`` by every app."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from config.uploads import validate_document_file
from cooperative_pages import conf
from dashboard import readiness


def test_every_option_is_documented_with_its_default():
    documented = set(re.findall(r"``([A-Z_]+)``", conf.__doc__))
    assert set(conf.DEFAULTS) <= documented


def test_dashboard_options_come_from_the_one_conf(settings):
    settings.KMP = {"READY_SCORE": 55}
    assert readiness.ready_score() == 55
    settings.KMP = {}
    assert readiness.ready_score() == conf.DEFAULTS["READY_SCORE"] == 70


def test_document_size_limit_is_a_kmp_option(settings):
    pdf = b"%PDF-1.4\n" + b"0" * 2000
    validate_document_file(SimpleUploadedFile("neraca.pdf", pdf))  # under the 10 MiB default

    settings.KMP = {**settings.KMP, "DOCUMENT_MAX_UPLOAD_SIZE": 1000}
    with pytest.raises(ValidationError) as refused:
        validate_document_file(SimpleUploadedFile("neraca.pdf", pdf))
    assert refused.value.code == "file_too_large"
