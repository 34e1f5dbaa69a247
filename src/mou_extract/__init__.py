"""mou-extract: partnership announcements (MOU, 業務提携, 資本業務提携, 連携協定 …) from Japanese
press-release PDFs, as validated records with evidence."""

from .api import extract, extract_many, extract_text, find_dates, find_organizations
from .errors import ERROR_KINDS, ExtractionError
from .models import (
    DateMention,
    DateValue,
    Evidence,
    Organization,
    OrgMention,
    Partnership,
    PressRelease,
    Source,
)

__version__ = "0.1.0"

__all__ = [
    "ERROR_KINDS",
    "DateMention",
    "DateValue",
    "Evidence",
    "ExtractionError",
    "OrgMention",
    "Organization",
    "Partnership",
    "PressRelease",
    "Source",
    "extract",
    "extract_many",
    "extract_text",
    "find_dates",
    "find_organizations",
]
