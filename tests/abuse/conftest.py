"""A cooperative with an officer and live content, for attacks from outside and inside."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from cooperative_pages.models import CooperativePage, ProductPage
from tests.factories import make_cooperative, make_facilitator, make_officer, make_product

PASSWORD = "pass-1234-kmp"


@dataclass
class Target:
    cooperative: CooperativePage
    officer: object
    facilitator: object
    product: ProductPage


@pytest.fixture
def target(portal) -> Target:
    cooperative = make_cooperative(village_code="35.01.01.2001", name="Koperasi Desa Merah Putih Widoro")
    return Target(
        cooperative=cooperative,
        officer=make_officer("pengurus_widoro", cooperative),
        facilitator=make_facilitator("pendamping_pacitan", "35.01"),
        product=make_product(cooperative, title="Beras Organik"),
    )


@pytest.fixture
def officer_client(target) -> Client:
    client = Client()
    client.force_login(target.officer)
    return client
