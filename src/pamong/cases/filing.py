"""What a complaint or an application asks, and the checks that catch mistakes before submission.

One definition serves the web form, the JSON API and the assistant's guided conversation
(which asks one field at a time with ``next_field``), so every channel gives the same
plain-language errors. Documents come from the catalog's requirements; extra fields per
service from ``data/cases/application-fields.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pamong.core import regions
from pamong.core.freshness import kept_for
from pamong.core.validators import normalise_phone, validate_email, validate_kk, validate_nik

MAX_TEXT = 300
MAX_LONG_TEXT = 5000
MIN_DESCRIPTION = 20
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class NotOpenForApplications(LookupError):
    """The service cannot be applied for online here (another agency, or in person only)."""


@dataclass(frozen=True)
class Text:
    """A bilingual string from our data files; ``str()`` gives the active language."""

    id: str
    en: str = ""

    def __str__(self) -> str:
        if (get_language() or "id").startswith("en") and self.en:
            return self.en
        return self.id


@dataclass(frozen=True)
class FieldSpec:
    name: str
    # text long_text nik kk phone email date_past number (whole) decimal_number choice region yes_no nop
    # decimal (a coordinate)
    kind: str
    label: Text
    required: bool = True
    choices: tuple[tuple[str, Text], ...] = ()
    requires: tuple[tuple[str, str], ...] = ()  # choice value -> requirement (start of its text)
    help: Text | None = None
    when: str = ""  # only asked when this yes_no field is "no" (e.g. name when not anonymous)

    def applies(self, values: dict[str, Any]) -> bool:
        return not self.when or values.get(self.when) in (False, "no", "", None)


@dataclass(frozen=True)
class DocumentSpec:
    requirement: str  # the catalog requirement's Indonesian text: the key of the upload
    label: Text
    variant: Text | None
    required: bool


@dataclass(frozen=True)
class FormSpec:
    kind: str
    service_slug: str = ""
    fields: tuple[FieldSpec, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    photo: bool = False

    def field(self, name: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.name == name)


@dataclass
class Checked:
    """Cleaned values and the errors by field name; valid when there are no errors."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


YES_NO = (("no", Text("Tidak", "No")), ("yes", Text("Ya", "Yes")))
KINDS = (
    ("complaint", Text("Pengaduan: ada yang salah atau tidak berjalan", "Complaint: something is wrong")),
    ("aspiration", Text("Aspirasi: usul atau saran", "Aspiration: a suggestion")),
    ("information", Text("Permintaan informasi", "Request for information")),
)


# What the description asks for an aspiration or an information request ("Apa yang terjadi?"
# fits a complaint only); the chat asks one kind's question, the web form shows the general one.
KIND_DESCRIPTIONS = {
    "aspiration": (
        Text("Apa usul atau saran Anda?", "What is your suggestion?"),
        Text(
            "Tulis usulnya dan untuk apa atau di mana. Paling sedikit 20 karakter. Isi laporan dapat "
            "tampil di daftar laporan publik tanpa nama Anda, kecuali dirahasiakan.",
            "Say what you suggest, and for what or where. At least 20 characters. The text may appear "
            "in the public list of reports without your name, unless you keep it confidential.",
        ),
    ),
    "information": (
        Text(
            "Informasi apa yang Anda minta, dan untuk apa?", "What information do you ask for, and what for?"
        ),
        Text(
            "Sebutkan sejelas mungkin, misalnya anggaran perbaikan jalan desa tahun 2025. Paling sedikit "
            "20 karakter. Isi laporan dapat tampil di daftar laporan publik tanpa nama Anda, kecuali dirahasiakan.",
            "Be as precise as you can, e.g. the 2025 budget for repairing village roads. At least 20 "
            "characters. The text may appear in the public list of reports without your name, unless you "
            "keep it confidential.",
        ),
    ),
}


def for_kind(spec: FormSpec, field_spec: FieldSpec, kind: str) -> FieldSpec:
    """``field_spec`` as asked for this kind of report: an aspiration or an information request
    needs no place, and its description asks for the suggestion or the information wanted."""
    if spec.kind != "complaint" or kind == "complaint":
        return field_spec
    if field_spec.name == "region":
        return FieldSpec(**{**field_spec.__dict__, "required": False})
    if field_spec.name == "description" and kind in KIND_DESCRIPTIONS:
        label, help_text = KIND_DESCRIPTIONS[kind]
        return FieldSpec(**{**field_spec.__dict__, "label": label, "help": help_text})
    return field_spec


def _identity_fields(*, optional_nik: bool) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("name", "text", Text("Nama lengkap", "Full name"), when="anonymous"),
        FieldSpec(
            "nik",
            "nik",
            Text("NIK (16 angka di KTP)", "NIK (16 digits on the ID card)"),
            required=not optional_nik,
            when="anonymous",
        ),
        FieldSpec(
            "phone",
            "phone",
            Text("Nomor HP", "Mobile number"),
            required=False,
            help=Text(
                "Untuk kabar perkembangan. Isi nomor HP atau e-mail.", "For updates. Give a phone or e-mail."
            ),
            when="anonymous",
        ),
        FieldSpec("email", "email", Text("E-mail", "E-mail"), required=False, when="anonymous"),
    )


@kept_for(10.0)
def active_categories() -> tuple[tuple[str, Text], ...]:
    """The categories a citizen may pick (an edit shows within ten seconds: every filing
    checks against them)."""
    from pamong.cases.models import Category

    return tuple(
        (code, Text(name_id, name_en))
        for code, name_id, name_en in Category.objects.filter(active=True).values_list(
            "code", "name_id", "name_en"
        )
    )


def complaint_spec() -> FormSpec:
    """A complaint, aspiration or information request, as in SP4N-LAPOR!."""
    categories = active_categories()
    return FormSpec(
        kind="complaint",
        fields=(
            FieldSpec("kind", "choice", Text("Jenis laporan", "Kind of report"), choices=KINDS),
            FieldSpec(
                "description",
                "long_text",
                Text("Apa yang terjadi?", "What happened?"),
                help=Text(
                    "Ceritakan apa, di mana, sejak kapan. Paling sedikit 20 karakter. Isi laporan "
                    "dapat tampil di daftar laporan publik tanpa nama Anda, kecuali dirahasiakan.",
                    "Say what, where and since when. At least 20 characters. The text may appear in "
                    "the public list of reports without your name, unless you keep it confidential.",
                ),
            ),
            FieldSpec(
                "category",
                "choice",
                Text("Kategori", "Category"),
                False,
                categories,
            ),
            FieldSpec("region", "region", Text("Desa/kelurahan atau kecamatan", "Village or district")),
            FieldSpec("address", "text", Text("Alamat atau patokan", "Address or landmark"), required=False),
            FieldSpec("latitude", "decimal", Text("Garis lintang", "Latitude"), required=False),
            FieldSpec("longitude", "decimal", Text("Garis bujur", "Longitude"), required=False),
            FieldSpec(
                "anonymous",
                "yes_no",
                Text("Kirim tanpa identitas (anonim)?", "Send without your identity (anonymous)?"),
                choices=YES_NO,
                help=Text(
                    "Identitas tidak dicatat; Anda memantau dengan nomor lacak dan kode rahasia.",
                    "Nothing about you is kept; you follow the report with its tracking number and code.",
                ),
            ),
            FieldSpec(
                "confidential",
                "yes_no",
                Text(
                    "Rahasiakan identitas dari petugas unit?", "Hide your identity from the unit's officers?"
                ),
                choices=YES_NO,
                when="anonymous",
            ),
            *_identity_fields(optional_nik=True),
        ),
        photo=True,
    )


@lru_cache(maxsize=1)
def _application_file() -> dict[str, Any]:
    path = settings.DATA_DIR / "cases" / "application-fields.yaml"
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _application_config() -> dict[str, Any]:
    return _application_file().get("services", {})


@lru_cache(maxsize=1)
def service_units() -> dict[str, tuple[str, bool]]:
    """slug -> (unit code, accepts online applications) from ``data/cases/service-units.csv``."""
    import csv

    path = settings.DATA_DIR / "cases" / "service-units.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["slug"]: (row["unit"], row["applications"] == "yes") for row in csv.DictReader(handle)}


def accepts_applications(slug: str) -> bool:
    return service_units().get(slug, ("", False))[1]


def _bilingual(data: dict[str, str] | str) -> Text:
    if isinstance(data, str):
        return Text(data, data)
    return Text(data.get("id", ""), data.get("en", ""))


def _service_field(raw: dict[str, Any]) -> FieldSpec:
    choices = tuple((value, _bilingual(label)) for value, label in (raw.get("choices") or {}).items())
    requires = tuple((raw.get("requires") or {}).items())
    return FieldSpec(
        raw["name"], raw["kind"], _bilingual(raw["label"]), raw.get("required", True), choices, requires
    )


def application_spec(service: Any) -> FormSpec:
    """The form for one catalog service: identity, the service's own fields, its documents."""
    if not accepts_applications(service.slug):
        raise NotOpenForApplications(service.slug)
    config = _application_config().get(service.slug, {})
    skip = (*_application_file().get("not_uploaded_anywhere", []), *config.get("not_uploaded", []))
    documents = []
    for requirement in service.requirements.all():
        if requirement.document_id.startswith(skip):
            continue
        variant = Text(requirement.variant_id, requirement.variant_en) if requirement.variant_id else None
        documents.append(
            DocumentSpec(
                requirement=requirement.document_id,
                label=Text(requirement.document_id, requirement.document_en),
                variant=variant,
                required=variant is None and not requirement.optional,
            )
        )
    fields = (
        *_identity_fields(optional_nik=False),
        FieldSpec("region", "region", Text("Desa/kelurahan tempat tinggal", "Village where you live")),
        FieldSpec("address", "text", Text("Alamat (jalan, RT/RW)", "Address (street, RT/RW)")),
        *(_service_field(raw) for raw in config.get("fields", [])),
    )
    # Identity is never optional for an application: drop the anonymous condition.
    fields = tuple(FieldSpec(**{**spec.__dict__, "when": ""}) for spec in fields)
    return FormSpec(kind="application", service_slug=service.slug, fields=fields, documents=tuple(documents))


# --- Checking one value ------------------------------------------------------------------


def _clean_text(value: str, limit: int) -> str:
    text = CONTROL.sub("", value or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("Terlalu panjang: paling banyak %(limit)s karakter; yang Anda tulis %(count)s.")
            % {"limit": limit, "count": len(text)}
        )
    return text


def _parse_date(value: str) -> date:
    text = (value or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or None
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})", text)
        if not match:
            raise ValidationError(_("Tulis tanggal seperti 17-08-2024."))
        day, month, year = (int(part) for part in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValidationError(_("Tanggal itu tidak ada di kalender.")) from None
    if parsed > timezone.localdate():
        raise ValidationError(_("Tanggal tidak boleh di masa depan."))
    if parsed.year < 1900:
        raise ValidationError(_("Tahun terlalu lama; periksa lagi."))
    return parsed


def _check_region(value: str) -> str:
    code = (value or "").strip()
    if not regions.exists(code, current_only=True) or regions.level(code) not in ("district", "village"):
        raise ValidationError(_("Pilih kecamatan atau desa/kelurahan dari daftar."))
    if not regions.within(code, settings.REGION_CODE):
        raise ValidationError(
            _(
                "Lokasi ini di luar wilayah %(site)s. Laporkan ke pemerintah daerah setempat atau melalui lapor.go.id."
            )
            % {"site": settings.SITE_NAME}
        )
    return code


def _check_nop(value: str) -> str:
    digits = re.sub(r"[\s.-]", "", value or "")
    if not digits.isdigit() or len(digits) != 18:
        raise ValidationError(_("NOP terdiri dari 18 angka, seperti tertulis di SPPT PBB."))
    if not regions.exists(f"{digits[:2]}.{digits[2:4]}"):
        raise ValidationError(_("NOP: kode provinsi dan kabupaten/kota di depannya tidak ada."))
    return digits


def _check_coordinate(spec: FieldSpec, value: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Koordinat harus angka.")) from None
    if not number.is_finite():  # "NaN" parses, but cannot be compared with the bounds
        raise ValidationError(_("Koordinat harus angka."))
    bounds = (
        (Decimal("-11.5"), Decimal("6.5")) if spec.name == "latitude" else (Decimal("94"), Decimal("141.5"))
    )
    if not bounds[0] <= number <= bounds[1]:
        raise ValidationError(_("Koordinat itu di luar Indonesia."))
    return number.quantize(Decimal("0.000001"))


NUMBER_TEXT = re.compile(r"\d+(?:[.,]\d+)*")
RUPIAH_PREFIX = re.compile(r"^\s*rp\.?\s*", re.IGNORECASE)
DIGIT_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")  # "1 250 000"


def parse_number(text: str) -> Decimal:
    """A number as people write it in Indonesian or in English.

    "2,5" and "2.5" are 2.5; "1.000" and "1,000" are 1000; "1.250.000", "1,250,000",
    "Rp 1.250.000", "Rp1.250.000,-" and "1 250 000" are 1250000; "1.250.000,50" and
    "1,250,000.50" are 1250000.5. The rule:

    - both "." and "," present: the last one is the decimal mark (it may appear once), the
      other separates thousands;
    - one of them, more than once: it separates thousands;
    - one of them, once: followed by exactly three digits it separates thousands ("1.000",
      "2,500"), otherwise it is the decimal mark ("2,5", "2.50", "1234.567"); three digits
      after a leading "0" or after more than three digits are decimals too ("0,125").

    So a value with exactly three decimals must be written with a fourth ("2,1250") or with
    both marks. Thousands groups must have three digits ("1.25.000" is refused). Raises
    ValueError for anything else: words, signs, letters other than a leading "Rp".
    """
    cleaned = RUPIAH_PREFIX.sub("", text or "").strip()
    cleaned = DIGIT_GROUP_SPACE.sub("", re.sub(r"[.,]-$", "", cleaned))
    if not NUMBER_TEXT.fullmatch(cleaned):
        raise ValueError(f"not a number: {text!r}")
    marks = re.findall(r"[.,]", cleaned)
    decimal_mark = ""
    if len(set(marks)) == 2:
        if marks.count(marks[-1]) > 1:
            raise ValueError(f"two decimal marks: {text!r}")
        decimal_mark = marks[-1]
    elif len(marks) == 1:
        before, after = cleaned.split(marks[0])
        grouped = len(after) == 3 and len(before) <= 3 and not before.startswith("0")
        decimal_mark = "" if grouped else marks[0]
    whole, _mark, fraction = cleaned.rpartition(decimal_mark) if decimal_mark else (cleaned, "", "")
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (
        groups[0].startswith("0") or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:])
    ):
        raise ValueError(f"misplaced thousands separator: {text!r}")
    return Decimal("".join(groups) + (f".{fraction}" if fraction else ""))


def _check_number(raw: Any, *, whole: bool) -> int | float:
    """A ``number`` field (whole numbers: counts, rupiah) or a ``decimal_number`` one (a floor
    area); a JSON number, or a value checked before, is taken as it is, not re-read as text."""
    example = _("Tulis angka saja, misalnya 3.") if whole else _("Tulis angka saja, misalnya 2,5.")
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        number = Decimal(str(raw))
    else:
        try:
            number = parse_number(str(raw))
        except ValueError:
            raise ValidationError(example) from None
    if not number.is_finite() or number < 0:
        raise ValidationError(example)
    if number > 10**13:
        raise ValidationError(_("Angka itu terlalu besar; periksa lagi."))
    if number == number.to_integral_value():
        return int(number)
    if whole:
        raise ValidationError(_("Isi bilangan bulat, tanpa angka di belakang koma, misalnya 3."))
    return float(number)


def check_value(spec: FieldSpec, raw: Any) -> Any:
    """The cleaned value of one field, or ValidationError with a message a citizen can act on."""
    if isinstance(raw, bool):
        raw = "yes" if raw else "no"
    value = "" if raw is None else str(raw)
    if not value.strip():
        if spec.kind == "yes_no":
            return False
        if spec.required:
            raise ValidationError(_("%(label)s wajib diisi.") % {"label": spec.label})
        return ""
    kind = spec.kind
    if kind == "text":
        return _clean_text(value, MAX_TEXT)
    if kind == "long_text":
        text = _clean_text(value, MAX_LONG_TEXT)
        if spec.name == "description" and len(text) < MIN_DESCRIPTION:
            raise ValidationError(
                _(
                    "Ceritakan sedikit lebih banyak (paling sedikit %(n)s karakter) agar petugas bisa menindaklanjuti."
                )
                % {"n": MIN_DESCRIPTION}
            )
        return text
    if kind == "nik":
        validate_nik(value)
        return re.sub(r"[\s.-]", "", value)
    if kind == "kk":
        return validate_kk(value)
    if kind == "phone":
        return normalise_phone(value)
    if kind == "email":
        return validate_email(value)
    if kind == "date_past":
        return _parse_date(value).isoformat()
    if kind in ("number", "decimal_number"):
        return _check_number(raw, whole=kind == "number")
    if kind == "decimal":
        return str(_check_coordinate(spec, value))
    if kind == "region":
        return _check_region(value)
    if kind == "nop":
        return _check_nop(value)
    if kind == "yes_no":
        lowered = value.strip().lower()
        if lowered in ("yes", "ya", "y", "1", "true", "on", "iya"):
            return True
        if lowered in ("no", "tidak", "tdk", "gak", "nggak", "n", "0", "false", "off"):
            return False
        raise ValidationError(_("Jawab ya atau tidak."))
    if kind == "choice":
        options = {option for option, _label in spec.choices}
        if value.strip() not in options:
            raise ValidationError(_("Pilih salah satu pilihan yang ada."))
        return value.strip()
    raise ValueError(f"unknown field kind {kind!r}")


def check(spec: FormSpec, data: dict[str, Any]) -> Checked:
    """Every field of ``spec`` against ``data``; fields that do not apply are left out."""
    result = Checked()
    for field_spec in spec.fields:
        if not field_spec.applies(result.values):
            continue
        # An aspiration or an information request needs no place (kind is checked first).
        field_spec = for_kind(spec, field_spec, result.values.get("kind") or "")
        try:
            result.values[field_spec.name] = check_value(field_spec, data.get(field_spec.name))
        except ValidationError as error:
            result.errors[field_spec.name] = error.messages[0]
    identified = spec.kind == "complaint" and not result.values.get("anonymous")
    contact_given = result.values.get("phone") or result.values.get("email")
    if identified and not contact_given and not {"phone", "email"} & set(result.errors):
        result.errors["phone"] = _(
            "Isi nomor HP atau e-mail agar kami bisa memberi kabar, atau pilih anonim."
        )
    return result


def required_documents(spec: FormSpec, values: dict[str, Any]) -> list[DocumentSpec]:
    """Documents that must be uploaded given the answers (a lost KTP needs the police report)."""
    chosen: set[str] = set()
    for field_spec in spec.fields:
        for option, requirement_start in field_spec.requires:
            if values.get(field_spec.name) == option:
                chosen.add(requirement_start)
    return [
        doc for doc in spec.documents if doc.required or doc.requirement.startswith(tuple(chosen) or ("\0",))
    ]


def next_field(spec: FormSpec, values: dict[str, Any]) -> FieldSpec | None:
    """The first field still to be answered: the assistant asks one thing at a time."""
    for field_spec in spec.fields:
        if field_spec.applies(values) and field_spec.name not in values:
            return field_spec
    return None
