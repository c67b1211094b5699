"""The catalog's YAML exchange format, validated before anything touches the database.

A pemda maintains its own catalog as YAML (top-level ``services``, each with its
``faq`` list). This module only parses and validates; ``catalog.importing`` writes.
It has no Django dependency so the format can be checked anywhere.
"""

from __future__ import annotations

import re
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A tag-like run (<b>, </p>, <script ...>, <!-- ...) means someone pasted markup: the
# catalog is plain text, escaped on output, so markup is refused rather than stored.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]

CATEGORY_KEYS = (
    "kependudukan",
    "perizinan-usaha",
    "bangunan-pertanahan",
    "sosial",
    "kesehatan",
    "pendidikan",
    "pajak",
    "kepolisian",
    "ketenagakerjaan",
    "keimigrasian",
    "pengaduan-informasi",
    "umum",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Text(Strict):
    """A text in both languages; Indonesian is required, English falls back to it."""

    id: LongText
    en: LongText | None = None

    @field_validator("id", "en")
    @classmethod
    def no_markup(cls, value: str | None) -> str | None:
        if value is not None and MARKUP.search(value):
            raise ValueError("contains HTML markup; the catalog takes plain text only")
        return value


class ShortLabel(Text):
    id: ShortText
    en: ShortText | None = None


class Requirement(Strict):
    document: ShortLabel
    notes: Text | None = None
    variant: ShortLabel | None = None  # e.g. "Jika KTP hilang" / "If the KTP was lost"
    optional: bool = False


class Fee(Strict):
    # Rupiah; 0 = free; null = no fixed amount (a tax or levy set by regulation, explained in
    # the description), which must never be shown as "free".
    amount: int | None = Field(ge=0, le=10_000_000_000)
    description: Text
    legal_basis: ShortText | None = None


class ServiceTime(Strict):
    days: int | None = Field(default=None, ge=0, le=365)  # working days; None = not fixed
    text: Text


class Channel(Strict):
    online_url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=300)] | None = (
        None
    )
    online_name: ShortText | None = None
    office: Text | None = None


class LegalBasis(Strict):
    title: ShortText
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=300)] | None = None


class Faq(Strict):
    id: Slug
    question: Text
    answer: Text


class FirstNote(Strict):
    """What a citizen must know before anything else: who the service is not for, or what
    comes first ("Muslim couples register at the KUA"; "the court decides the divorce")."""

    text: Text
    see: Slug | None = None  # the catalog service for the others, offered as a button and a link


class Service(Strict):
    slug: Slug
    name: ShortLabel
    agency: ShortLabel
    unit: ShortLabel | None = None
    category: str
    summary: Text
    description: Text
    requirements: list[Requirement] = Field(default_factory=list, max_length=60)
    steps: list[Text] = Field(min_length=1, max_length=40)
    fees: list[Fee] = Field(default_factory=list, max_length=20)
    service_time: ServiceTime
    channels: Channel
    legal_basis: list[LegalBasis] = Field(default_factory=list, max_length=30)
    synonyms: list[ShortText] = Field(default_factory=list, max_length=80)
    sources: list[Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"]+$", max_length=400)]] = (
        Field(default_factory=list, max_length=20)
    )
    faq: list[Faq] = Field(default_factory=list, max_length=100)
    # Where a citizen whose document was lost goes when this service has no variant for it,
    # e.g. ktp-el-baru -> ktp-el-penggantian, akta-kelahiran -> laporan-kehilangan.
    if_lost: Slug | None = None
    first_note: FirstNote | None = None

    @field_validator("category")
    @classmethod
    def known_category(cls, value: str) -> str:
        if value not in CATEGORY_KEYS:
            raise ValueError(f"unknown category {value!r}; use one of: {', '.join(CATEGORY_KEYS)}")
        return value

    @field_validator("synonyms")
    @classmethod
    def synonyms_plain(cls, values: list[str]) -> list[str]:
        for value in values:
            if MARKUP.search(value):
                raise ValueError("contains HTML markup; the catalog takes plain text only")
        return values

    @model_validator(mode="after")
    def not_lost_to_itself(self) -> Service:
        if self.if_lost == self.slug:
            raise ValueError(
                "if_lost names the service itself; name the service that replaces a lost document"
            )
        if self.first_note is not None and self.first_note.see == self.slug:
            raise ValueError("first_note.see names the service itself; name the service for the others")
        return self


class CatalogFile(Strict):
    version: int = 1
    services: list[Service]

    @model_validator(mode="after")
    def unique_ids(self) -> CatalogFile:
        check_unique(self.services)
        return self


def check_unique(services: list[Service]) -> None:
    """Slugs and FAQ ids are stable public ids (links, eval labels): each must be unique."""
    seen_slugs: set[str] = set()
    seen_faq: set[str] = set()
    for service in services:
        if service.slug in seen_slugs:
            raise ValueError(f"service slug {service.slug!r} appears twice")
        seen_slugs.add(service.slug)
        for faq in service.faq:
            if faq.id in seen_faq:
                raise ValueError(f"FAQ id {faq.id!r} appears twice")
            seen_faq.add(faq.id)


class NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases: they let a small file expand into a huge one."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in a catalog file", event.start_mark
            )
        return super().compose_node(parent, index)


def parse_yaml(text: str) -> object:
    """Parse YAML safely, refusing aliases; with libyaml (C) when present, ~10x faster."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 - NoAliasLoader is a SafeLoader
    for event in yaml.parse(text, Loader=fast):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in a catalog file", event.start_mark
            )
    return yaml.load(text, Loader=fast)  # noqa: S506 - CSafeLoader is the safe loader


def validate_text(text: str) -> CatalogFile:
    """Parse and validate a whole catalog file's text (raises ValueError/ValidationError)."""
    data = parse_yaml(text)
    if not isinstance(data, dict):
        raise ValueError("a catalog file is a mapping with a top-level 'services' list")
    return CatalogFile.model_validate(data)


if __name__ == "__main__":  # python -m pamong.catalog.schema FILE... (for catalog authors)
    import sys

    services: list[Service] = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            parsed = validate_text(handle.read())
        services.extend(parsed.services)
        print(f"{path}: {len(parsed.services)} services, {sum(len(s.faq) for s in parsed.services)} FAQ")
    check_unique(services)
    print(f"all: {len(services)} services, {sum(len(s.faq) for s in services)} FAQ, ids unique")
