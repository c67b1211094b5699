"""Catalog import and export as YAML: validated whole, written all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from pydantic import ValidationError

from pamong.catalog.categories import ensure_categories
from pamong.catalog.models import Category, Faq, Fee, LegalBasis, Requirement, Service, Step
from pamong.catalog.schema import CatalogFile, check_unique, parse_yaml
from pamong.catalog.schema import Service as ServiceSchema
from pamong.catalog.search import forget_catalog_version
from pamong.core.audit import record


class CatalogImportError(ValueError):
    """Everything wrong with an import, as lines a pemda operator can act on."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ImportResult:
    created: list[str]
    updated: list[str]
    deactivated: list[str]
    faq_count: int


def _explain(error: dict[str, Any]) -> str:
    """A pydantic error in the operator's language."""
    kind = error["type"]
    if kind == "missing":
        return _("wajib diisi")
    if kind == "extra_forbidden":
        return _("kolom tidak dikenal")
    if kind in (
        "string_type",
        "int_type",
        "int_parsing",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
    ):
        return _("jenis nilai salah: %(message)s") % {"message": error["msg"]}
    if kind == "too_long":
        return _("terlalu banyak isi: %(message)s") % {"message": error["msg"]}
    if kind == "string_too_long":
        return _("teks terlalu panjang: %(message)s") % {"message": error["msg"]}
    if kind == "string_pattern_mismatch":
        return _("bentuk tidak sah: %(message)s") % {"message": error["msg"]}
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        if "HTML" in message:
            return _("berisi markup HTML; katalog hanya menerima teks biasa")
        return message
    return error["msg"]


def _location(loc: tuple, data: Any) -> str:
    """services.3.faq.0.question.id -> services[3] (ktp-el-baru) faq[0] question.id"""
    parts: list[str] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part}]"
            try:
                node = node[part]
            except (IndexError, KeyError, TypeError):
                node = None
            if index == 1 and isinstance(node, dict) and node.get("slug"):
                parts[-1] += f" ({node['slug']})"
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return " ".join(parts)


def decode(name: str, raw: bytes) -> str:
    """Strict UTF-8; a bad byte is reported with its line, never replaced silently."""
    limit = settings.CATALOG_MAX_BYTES
    if len(raw) > limit:
        raise CatalogImportError(
            [
                _("%(name)s: berkas %(size)s bait melebihi batas %(limit)s bait")
                % {"name": name, "size": len(raw), "limit": limit}
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CatalogImportError(
            [
                _(
                    "%(name)s: bukan UTF-8 yang sah (baris %(line)s, bait ke-%(offset)s); simpan ulang sebagai UTF-8"
                )
                % {"name": name, "line": line, "offset": error.start}
            ]
        ) from None


def parse(files: Iterable[tuple[str, bytes]]) -> list[ServiceSchema]:
    """Validate every file completely before anything is written; collect every problem."""
    problems: list[str] = []
    services: list[ServiceSchema] = []
    for name, raw in files:
        try:
            text = decode(name, raw)
            data = parse_yaml(text)
        except CatalogImportError as error:
            problems.extend(error.problems)
            continue
        except yaml.YAMLError as error:
            problems.append(_("%(name)s: YAML tidak sah: %(error)s") % {"name": name, "error": error})
            continue
        if not isinstance(data, dict) or not isinstance(data.get("services"), list):
            problems.append(_("%(name)s: harus berisi daftar 'services' di tingkat atas") % {"name": name})
            continue
        if len(data["services"]) > settings.CATALOG_MAX_SERVICES:
            problems.append(
                _("%(name)s: %(count)s layanan melebihi batas %(limit)s per impor")
                % {"name": name, "count": len(data["services"]), "limit": settings.CATALOG_MAX_SERVICES}
            )
            continue
        try:
            services.extend(CatalogFile.model_validate(data).services)
        except ValidationError as error:
            for item in error.errors()[:50]:
                problems.append(f"{name}: {_location(item['loc'], data)}: {_explain(item)}")
            if error.error_count() > 50:
                problems.append(
                    _("%(name)s: dan %(count)s masalah lain")
                    % {"name": name, "count": error.error_count() - 50}
                )
    if not problems:
        try:
            check_unique(services)
        except ValueError as error:
            problems.append(str(error))
        problems.extend(_unknown_lost_targets(services))
        problems.extend(_unknown_see_targets(services))
    if problems:
        raise CatalogImportError(problems)
    return services


def _unknown_lost_targets(services: list[ServiceSchema]) -> list[str]:
    """``if_lost`` must name an FAQ or a service, of these files or already in the catalog."""
    targets = {item.if_lost for item in services if item.if_lost}
    known = {item.slug for item in services} | {faq.id for item in services for faq in item.faq}
    missing = targets - known
    known |= set(Service.objects.filter(slug__in=missing).values_list("slug", flat=True))
    known |= set(Faq.objects.filter(key__in=missing).values_list("key", flat=True))
    return [
        _("%(slug)s: if_lost menunjuk %(target)s, yang bukan layanan atau FAQ di katalog")
        % {"slug": item.slug, "target": item.if_lost}
        for item in services
        if item.if_lost and item.if_lost not in known
    ]


def _unknown_see_targets(services: list[ServiceSchema]) -> list[str]:
    """``first_note.see`` must name a service, of these files or already in the catalog."""
    targets = {item.first_note.see for item in services if item.first_note and item.first_note.see}
    known = {item.slug for item in services}
    known |= set(Service.objects.filter(slug__in=targets - known).values_list("slug", flat=True))
    return [
        _("%(slug)s: first_note.see menunjuk %(target)s, yang bukan layanan di katalog")
        % {"slug": item.slug, "target": item.first_note.see}
        for item in services
        if item.first_note and item.first_note.see and item.first_note.see not in known
    ]


def _write_service(item: ServiceSchema, categories: dict[str, Category]) -> tuple[Service, bool]:
    def pair(text: Any) -> tuple[str, str]:
        return (text.id, text.en or "") if text is not None else ("", "")

    fields: dict[str, Any] = {"category": categories[item.category], "active": True}
    for name in ("name", "agency", "unit", "summary", "description"):
        fields[f"{name}_id"], fields[f"{name}_en"] = pair(getattr(item, name))
    fields["service_days"] = item.service_time.days
    fields["service_time_id"], fields["service_time_en"] = pair(item.service_time.text)
    fields["online_url"] = item.channels.online_url or ""
    fields["online_name"] = item.channels.online_name or ""
    fields["office_id"], fields["office_en"] = pair(item.channels.office)
    fields["synonyms"] = list(item.synonyms)
    fields["sources"] = list(item.sources)
    fields["if_lost"] = item.if_lost or ""
    note = item.first_note
    fields["first_note_id"], fields["first_note_en"] = pair(note.text if note else None)
    fields["first_note_see"] = (note.see if note else None) or ""
    service, created = Service.objects.update_or_create(slug=item.slug, defaults=fields)
    for related in (service.requirements, service.steps, service.fees, service.legal_bases, service.faq):
        related.all().delete()
    Requirement.objects.bulk_create(
        Requirement(
            service=service,
            order=order,
            optional=req.optional,
            document_id=req.document.id,
            document_en=req.document.en or "",
            notes_id=pair(req.notes)[0],
            notes_en=pair(req.notes)[1],
            variant_id=pair(req.variant)[0],
            variant_en=pair(req.variant)[1],
        )
        for order, req in enumerate(item.requirements)
    )
    Step.objects.bulk_create(
        Step(service=service, order=order, text_id=step.id, text_en=step.en or "")
        for order, step in enumerate(item.steps)
    )
    Fee.objects.bulk_create(
        Fee(
            service=service,
            order=order,
            amount=fee.amount,
            legal_basis=fee.legal_basis or "",
            description_id=fee.description.id,
            description_en=fee.description.en or "",
        )
        for order, fee in enumerate(item.fees)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(service=service, order=order, title=basis.title, url=basis.url or "")
        for order, basis in enumerate(item.legal_basis)
    )
    Faq.objects.bulk_create(
        Faq(
            service=service,
            key=faq.id,
            order=order,
            question_id=faq.question.id,
            question_en=faq.question.en or "",
            answer_id=faq.answer.id,
            answer_en=faq.answer.en or "",
        )
        for order, faq in enumerate(item.faq)
    )
    return service, created


def import_catalog(files: Iterable[tuple[str, bytes]], *, actor: Any, prune: bool = False) -> ImportResult:
    """Import YAML catalog files as one transaction; ``prune`` deactivates services not in them."""
    services = parse(list(files))
    with transaction.atomic():
        ensure_categories()
        categories = {category.key: category for category in Category.objects.all()}
        slugs = [item.slug for item in services]
        taken = Faq.objects.exclude(service__slug__in=slugs).filter(
            key__in=[f.id for s in services for f in s.faq]
        )
        clash = list(taken.values_list("key", "service__slug"))
        if clash:
            raise CatalogImportError(
                [
                    _("FAQ id %(key)s sudah dipakai layanan %(slug)s") % {"key": key, "slug": slug}
                    for key, slug in clash
                ]
            )
        created, updated = [], []
        for item in services:
            _service, was_created = _write_service(item, categories)
            (created if was_created else updated).append(item.slug)
        deactivated: list[str] = []
        if prune:
            stale = Service.objects.filter(active=True).exclude(slug__in=slugs)
            deactivated = list(stale.values_list("slug", flat=True))
            stale.update(active=False)
        result = ImportResult(created, updated, deactivated, sum(len(item.faq) for item in services))
        transaction.on_commit(forget_catalog_version)
        record(
            actor,
            "catalog.imported",
            "catalog.service:",
            created=created,
            updated=updated,
            deactivated=deactivated,
            faq=result.faq_count,
        )
    return result


def _text(id_value: str, en_value: str) -> dict[str, str]:
    return {"id": id_value, "en": en_value} if en_value else {"id": id_value}


def export_catalog(*, include_inactive: bool = False) -> str:
    """The catalog as YAML in the import format (round-trips through ``import_catalog``)."""
    services = Service.objects.all() if include_inactive else Service.objects.filter(active=True)
    data = {"version": 1, "services": export_services(services)}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def export_services(services: QuerySet[Service]) -> list[dict[str, Any]]:
    """Services as dicts of the exchange format."""
    services = services.select_related("category").prefetch_related(
        "requirements", "steps", "fees", "legal_bases", "faq"
    )
    out = []
    for service in services.order_by("category__order", "slug"):
        item: dict[str, Any] = {
            "slug": service.slug,
            "name": _text(service.name_id, service.name_en),
            "agency": _text(service.agency_id, service.agency_en),
        }
        if service.unit_id:
            item["unit"] = _text(service.unit_id, service.unit_en)
        item["category"] = service.category.key
        item["summary"] = _text(service.summary_id, service.summary_en)
        item["description"] = _text(service.description_id, service.description_en)
        requirements = []
        for req in service.requirements.all():
            entry: dict[str, Any] = {"document": _text(req.document_id, req.document_en)}
            if req.notes_id:
                entry["notes"] = _text(req.notes_id, req.notes_en)
            if req.variant_id:
                entry["variant"] = _text(req.variant_id, req.variant_en)
            if req.optional:
                entry["optional"] = True
            requirements.append(entry)
        item["requirements"] = requirements
        item["steps"] = [_text(step.text_id, step.text_en) for step in service.steps.all()]
        fees = []
        for fee in service.fees.all():
            entry = {"amount": fee.amount, "description": _text(fee.description_id, fee.description_en)}
            if fee.legal_basis:
                entry["legal_basis"] = fee.legal_basis
            fees.append(entry)
        item["fees"] = fees
        service_time: dict[str, Any] = {"text": _text(service.service_time_id, service.service_time_en)}
        if service.service_days is not None:
            service_time = {"days": service.service_days, **service_time}
        item["service_time"] = service_time
        channels: dict[str, Any] = {}
        if service.online_url:
            channels["online_url"] = service.online_url
        if service.online_name:
            channels["online_name"] = service.online_name
        if service.office_id:
            channels["office"] = _text(service.office_id, service.office_en)
        item["channels"] = channels
        item["legal_basis"] = [
            {"title": basis.title, **({"url": basis.url} if basis.url else {})}
            for basis in service.legal_bases.all()
        ]
        item["synonyms"] = list(service.synonyms)
        item["sources"] = list(service.sources)
        if service.if_lost:
            item["if_lost"] = service.if_lost
        if service.first_note_id:
            item["first_note"] = {"text": _text(service.first_note_id, service.first_note_en)}
            if service.first_note_see:
                item["first_note"]["see"] = service.first_note_see
        item["faq"] = [
            {
                "id": faq.key,
                "question": _text(faq.question_id, faq.question_en),
                "answer": _text(faq.answer_id, faq.answer_en),
            }
            for faq in service.faq.all()
        ]
        out.append(item)
    return out
