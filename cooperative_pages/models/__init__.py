"""Models of the cooperative microsites, split by concept and re-exported here."""

from .approval import RegionalApprovalTask
from .content import CooperativeContentPage
from .cooperative import REGISTRY_DATA_FIELDS, REGISTRY_DATA_PERMISSION, CooperativePage, may_change_registry_data
from .governance import GovernanceDocument, GovernanceKind, GovernancePage
from .index_pages import GovernanceIndexPage, NewsIndexPage, ProductIndexPage
from .news import NewsPage, NewsPageTag
from .product import ProductPage, ProductPageImage, ProductPageTag
from .region_pages import ProvincePage, RegencyPage
from .regions import Region, RegionLevel, ancestor_codes, level_of_code, region_bare_name, region_short_name
from .roles import FacilitatorAssignment, OfficerMembership
from .taxonomy import BusinessUnit, ProductCategory

__all__ = [
    "REGISTRY_DATA_FIELDS",
    "REGISTRY_DATA_PERMISSION",
    "BusinessUnit",
    "CooperativeContentPage",
    "CooperativePage",
    "FacilitatorAssignment",
    "GovernanceDocument",
    "GovernanceIndexPage",
    "GovernanceKind",
    "GovernancePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "OfficerMembership",
    "ProductCategory",
    "ProductIndexPage",
    "ProductPage",
    "ProductPageImage",
    "ProductPageTag",
    "ProvincePage",
    "RegencyPage",
    "Region",
    "RegionLevel",
    "RegionalApprovalTask",
    "ancestor_codes",
    "level_of_code",
    "may_change_registry_data",
    "region_bare_name",
    "region_short_name",
]
