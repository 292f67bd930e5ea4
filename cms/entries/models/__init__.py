"""The structured entries of the participation guide and the frame around them.

A package split by what editors manage: `taxonomies` (sections, publics, démarches,
arrondissements), `entry` (an entry and its rows), `frame` (section texts and the
guide's frame). Everything is re-exported here: import from `cms.entries.models`.
"""

from .entry import (
    ENTRY_FIELDS,
    ENTRY_RELATIONS,
    PATTERN_PLACEHOLDER,
    REVIEW_WARNING_DAYS,
    ContactKind,
    EditorialStatus,
    Entry,
    EntryContact,
    EntryKeyFigure,
    EntryLink,
    EntryQuerySet,
    FphFund,
    FundType,
    contact_display_value,
    contact_href,
    fund_order,
    one_year_after,
    readable_url,
)
from .frame import GuideFrame, Section
from .taxonomies import (
    RICH_TEXT_FEATURES,
    SECTION_ORDER,
    SECTION_SLUGS,
    Action,
    Arrondissement,
    Audience,
    EntryKind,
)

__all__ = [
    "ENTRY_FIELDS",
    "ENTRY_RELATIONS",
    "PATTERN_PLACEHOLDER",
    "REVIEW_WARNING_DAYS",
    "RICH_TEXT_FEATURES",
    "SECTION_ORDER",
    "SECTION_SLUGS",
    "Action",
    "Arrondissement",
    "Audience",
    "ContactKind",
    "EditorialStatus",
    "Entry",
    "EntryContact",
    "EntryKeyFigure",
    "EntryKind",
    "EntryLink",
    "EntryQuerySet",
    "FphFund",
    "FundType",
    "GuideFrame",
    "Section",
    "contact_display_value",
    "contact_href",
    "fund_order",
    "one_year_after",
    "readable_url",
]
