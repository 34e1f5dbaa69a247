"""The public contract: pydantic models for everything mou-extract returns.

Models carry no behaviour; the pipeline builds them at its boundary. ``PressRelease.model_json_schema()``
is the documentation of the output (``mou-extract --schema`` prints it).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import ErrorKind

Precision = Literal["day", "month", "year"]
OrgKind = Literal[
    "company", "university", "government", "association", "research_institute", "hospital", "other"
]
AgreementType = Literal[
    "mou",
    "basic_agreement",
    "partnership_agreement",
    "business_alliance",
    "capital_alliance",
    "joint_research",
    "license",
    "joint_development",
    "distribution",
    "other",
]
Role = Literal["announced", "prior"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateValue(_Model):
    """A calendar date at the precision the text gives: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY."""

    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    precision: Precision
    text: str | None = Field(default=None, description="the words the date was read from")


class Organization(_Model):
    name: str | None = Field(description="full name as written; null when the text does not name it (某社)")
    aliases: list[str] = Field(default_factory=list, description="other names the text uses for it")
    legal_form: str | None = None
    kind: OrgKind = "other"
    description: str | None = Field(default=None, description="how the text describes an unnamed party")


class Evidence(_Model):
    """A span of one page's text: ``page_text[start:end] == text``."""

    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Partnership(_Model):
    parties: list[Organization] = Field(min_length=2)
    agreement_type: AgreementType
    agreement_label: str = Field(description="the agreement's name as written")
    signed_on: DateValue | None = None
    role: Role
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)


class Source(_Model):
    path: str | None = None
    sha256: str | None = None
    pages: int = 0
    format: Literal["pdf", "html", "text"] | None = None


class ErrorInfo(_Model):
    kind: ErrorKind
    message: str


class PressRelease(_Model):
    """One document: its release date, issuer, title and every partnership it mentions."""

    source: Source
    published_on: DateValue | None = None
    issuer: Organization | None = None
    title: str | None = None
    partnerships: list[Partnership] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    error: ErrorInfo | None = None


class DateMention(_Model):
    """A date found in text by :func:`mou_extract.find_dates`; offsets index the text given."""

    start: int
    end: int
    text: str
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    precision: Precision
    kind: Literal["absolute", "year_inferred", "relative", "fiscal_year"] = "absolute"
    scheduled: bool = Field(default=False, description="marked as planned: （予定）, 予定")
    range_role: Literal["start", "end"] | None = Field(
        default=None, description="one end of a range such as 2021年4月1日〜2026年3月31日"
    )


class OrgMention(_Model):
    """An organisation found in text by :func:`mou_extract.find_organizations`."""

    start: int
    end: int
    text: str
    name: str | None
    legal_form: str | None = None
    kind: OrgKind = "other"
