"""Budget rows from a Fiscal Data Package: a ``datapackage.json`` and its CSV, zipped.

The descriptor's ``model`` (Fiscal Data Package 0.3) says where each amount and each
dimension is: measures by their budget ``phase`` (approved, adjusted, executed),
dimensions by ``dimensionType`` / ``classificationType`` or by their name. So the CSV
keeps the publisher's own column names and only the descriptor is trusted to say what
they mean. The zip is read in memory, never extracted, and refused whole when a member
name could leave its folder or the members expand beyond the limits (zip bombs).
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
import zlib
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from pamong.insight.budget_files import BudgetFileError, validate_rows

DESCRIPTOR = "datapackage.json"
MAX_MEMBERS = 100
MAX_UNCOMPRESSED = 64 * 2**20  # above the 200,000 rows a budget file may have
AMOUNTS = ("approved", "revised", "executed")
PHASES = {"approved": "approved", "adjusted": "revised", "executed": "executed"}
MEASURE_NAMES = {
    "approved": "approved",
    "pagu": "approved",
    "adjusted": "revised",
    "revised": "revised",
    "pagu_revisi": "revised",
    "executed": "executed",
    "realisasi": "executed",
}
DIMENSION_NAMES = {
    **dict.fromkeys(("organisation", "organization", "unit", "satker", "organisasi"), "organisation"),
    **dict.fromkeys(("administrator", "administrative", "spender"), "organisation"),
    **dict.fromkeys(("program", "programme"), "program"),
    **dict.fromkeys(("activity", "kegiatan", "project", "proyek"), "activity"),
    **dict.fromkeys(("function", "functional", "fungsi", "cofog"), "function"),
    **dict.fromkeys(("account", "economic", "akun", "gfsm", "economic_account"), "account"),
    **dict.fromkeys(("location", "region", "wilayah", "region_code"), "region_code"),
    **dict.fromkeys(("payee", "recipient", "supplier", "penerima"), "payee"),
    **dict.fromkeys(("document", "dokumen", "transaction"), "document"),
    **dict.fromkeys(("date", "time", "period", "periode", "tanggal", "waktu"), "date"),
}
CLASSIFICATIONS = {"administrative": "organisation", "functional": "function", "economic": "account"}
BY_TYPE = {
    "entity": ("organisation", "payee"),
    "activity": ("program", "activity"),
    "location": ("region_code",),
    "fact": ("document",),
    "datetime": ("date",),
}
CODE_FIRST = {"region_code", "account", "document"}  # codes identify these; names elsewhere
LABELS = ("title", "name", "label", "nama", "uraian")
CODES = ("code", "id", "kode")
YEARS = ("year", "tahun", "fiscal_year", "fiscalyear")
MONTHS = ("month", "bulan")


def parse_fiscal_zip(raw: bytes, *, limit: int = MAX_UNCOMPRESSED) -> pd.DataFrame:
    """Validated budget rows of a zipped Fiscal Data Package, or BudgetFileError saying why not."""
    files = read_zip(raw, limit=limit)
    names = sorted((n for n in files if posixpath.basename(n) == DESCRIPTOR), key=lambda n: n.count("/"))
    if not names:
        raise BudgetFileError([_("Zip tidak berisi %(name)s.") % {"name": DESCRIPTOR}])
    return parse_fiscal_package(_descriptor(files[names[0]]), files, posixpath.dirname(names[0]))


def parse_fiscal_package(descriptor: dict, files: dict[str, bytes], base: str = "") -> pd.DataFrame:
    """Rows of the package whose data files are ``files`` (paths relative to ``base``)."""
    model = descriptor.get("model")
    if not isinstance(model, dict) or not model.get("measures") or not model.get("dimensions"):
        raise BudgetFileError(
            [_("%(name)s tidak punya 'model' dengan measures dan dimensions.") % {"name": DESCRIPTOR}]
        )
    sources = {**_map_measures(model["measures"]), **_map_dimensions(model["dimensions"])}
    _require(sources)
    resource = _resource(descriptor, sources)
    rows = validate_rows(_flat_table(resource, sources, _read_resource(resource, files, base)))
    for column in AMOUNTS:
        factor = Decimal(str(sources.get(column, {}).get("factor", 1)))
        if factor != 1:
            rows[column] = [amount * factor for amount in rows[column]]
    return rows


def read_zip(raw: bytes, *, limit: int = MAX_UNCOMPRESSED) -> dict[str, bytes]:
    """Every file of the zip by name, refused whole on an unsafe name or too much content."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            _check_members(archive.infolist(), members, limit)
            return _read_members(archive, members, limit)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as error:
        raise BudgetFileError([_("Berkas zip rusak: %(error)s") % {"error": error}]) from None


def safe_name(name: str) -> bool:
    """A relative path that stays inside the package: no '..', no root, no drive, no URL."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "://" in name:
        return False
    return ".." not in name.split("/")


def _check_members(entries: list[zipfile.ZipInfo], members: list[zipfile.ZipInfo], limit: int) -> None:
    unsafe = [m.filename for m in entries if not safe_name(m.filename)]
    if unsafe:
        raise BudgetFileError(
            [_("Zip berisi nama berkas yang tidak aman: %(names)s.") % {"names": ", ".join(unsafe[:5])}]
        )
    if len(members) > MAX_MEMBERS:
        raise BudgetFileError(
            [_("Zip berisi %(n)s berkas; batasnya %(limit)s.") % {"n": len(members), "limit": MAX_MEMBERS}]
        )
    if sum(m.file_size for m in members) > limit:
        raise BudgetFileError([_too_big(limit)])


def _read_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limit: int) -> dict[str, bytes]:
    """Reads at most ``limit`` bytes in all, whatever the members' headers claim."""
    files, left = {}, limit
    for member in members:
        with archive.open(member) as handle:
            data = handle.read(left + 1)
        if len(data) > left:
            raise BudgetFileError([_too_big(limit)])
        left -= len(data)
        files[member.filename.replace("\\", "/")] = data
    return files


def _too_big(limit: int) -> str:
    return _("Isi zip lebih dari %(mb)s MB setelah dibuka.") % {"mb": limit // 2**20}


def _descriptor(raw: bytes) -> dict:
    try:
        descriptor = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BudgetFileError(
            [_("%(name)s bukan JSON yang sah: %(error)s") % {"name": DESCRIPTOR, "error": error}]
        ) from None
    if not isinstance(descriptor, dict):
        raise BudgetFileError([_("%(name)s harus berisi satu objek JSON.") % {"name": DESCRIPTOR}])
    return descriptor


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


def _map_measures(measures: dict[str, Any]) -> dict[str, dict]:
    """Our amount column -> the measure giving it: by phase, else by the measure's name."""
    chosen: dict[str, dict] = {}
    for name, measure in measures.items():
        if not isinstance(measure, dict) or measure.get("direction") == "revenue":
            continue
        column = PHASES.get(str(measure.get("phase", "")).lower()) or MEASURE_NAMES.get(_key(name))
        if column is None:
            continue
        if column in chosen:
            raise BudgetFileError(
                [
                    _("Dua measure untuk %(column)s: %(a)s dan %(b)s.")
                    % {"column": column, "a": chosen[column]["name"], "b": name}
                ]
            )
        chosen[column] = {**measure, "name": name}
    return chosen


def _map_dimensions(dimensions: dict[str, Any]) -> dict[str, dict]:
    """Our text columns, year and month -> the dimension attribute giving each."""
    chosen: dict[str, dict] = {}
    for name, dimension in dimensions.items():
        if not isinstance(dimension, dict) or not isinstance(dimension.get("attributes"), dict):
            continue
        column = next((c for c in _dimension_targets(name, dimension) if c not in chosen), None)
        if column is not None:
            chosen[column] = dimension
    date = chosen.pop("date", None)
    found = {column: _attribute(column, dimension) for column, dimension in chosen.items()}
    return {**found, **(_date_parts(date) if date else {})}


def _dimension_targets(name: str, dimension: dict) -> list[str]:
    """Where a dimension may go, best first: its name, then its declared type."""
    targets = [DIMENSION_NAMES[_key(name)]] if _key(name) in DIMENSION_NAMES else []
    kind = str(dimension.get("dimensionType", "")).lower()
    if kind == "classification":
        classification = CLASSIFICATIONS.get(str(dimension.get("classificationType", "")).lower())
        targets += [classification] if classification else []
    targets += BY_TYPE.get(kind, ())
    return targets


def _date_parts(dimension: dict) -> dict[str, dict]:
    """Year and month from a datetime dimension's year/month attributes or from one date."""
    attributes = {_key(k): v for k, v in dimension["attributes"].items() if isinstance(v, dict)}
    year = next((attributes[k] for k in YEARS if k in attributes), None)
    month = next((attributes[k] for k in MONTHS if k in attributes), None)
    dates = [v for k, v in attributes.items() if k not in YEARS + MONTHS]
    if dates and (year is None or month is None):
        return {"year": {**dates[0], "part": "year"}, "month": {**dates[0], "part": "month"}}
    return {name: spec for name, spec in (("year", year), ("month", month)) if spec is not None}


def _attribute(column: str, dimension: dict) -> dict:
    """The attribute that fills ``column``: a code or a label, whichever identifies it better."""
    attributes = {_key(k): v for k, v in dimension["attributes"].items() if isinstance(v, dict)}
    labels = [v for k, v in attributes.items() if k in LABELS or v.get("labelfor")]
    keys = dimension.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else keys
    codes = [attributes[_key(k)] for k in keys if _key(k) in attributes]
    codes += [v for k, v in attributes.items() if k in CODES]
    order = codes + labels if column in CODE_FIRST else labels + codes
    return (order or list(attributes.values()) or [{}])[0]


def _require(sources: dict[str, dict]) -> None:
    """The error names what the model lacks, in the descriptor's own terms."""
    needs = {
        "executed": _('measure realisasi (phase "executed")'),
        "year": _("tahun (dimensi datetime dengan atribut date, atau year dan month)"),
        "month": _("bulan (dimensi datetime dengan atribut date, atau month)"),
        "organisation": _("satker (dimensi entity atau classification administrative)"),
    }
    missing = [text for column, text in needs.items() if column not in sources]
    if missing:
        raise BudgetFileError(
            [
                _("Model %(name)s tidak memetakan: %(missing)s.")
                % {"name": DESCRIPTOR, "missing": "; ".join(missing)}
            ]
        )


def _resource(descriptor: dict, sources: dict[str, dict]) -> dict:
    """The one resource the model reads (named in ``resource``, else the first)."""
    resources = [r for r in descriptor.get("resources") or [] if isinstance(r, dict)]
    if not resources:
        raise BudgetFileError([_("%(name)s tidak punya resources.") % {"name": DESCRIPTOR}])
    wanted = {spec.get("resource") or resources[0].get("name") for spec in sources.values()}
    if len(wanted) > 1:
        raise BudgetFileError(
            [
                _("Model memakai lebih dari satu resource (%(names)s); satukan dalam satu tabel.")
                % {"names": ", ".join(sorted(map(str, wanted)))}
            ]
        )
    name = wanted.pop()
    found = next((r for r in resources if r.get("name") == name), None)
    if found is None:
        raise BudgetFileError(
            [_("Resource '%(name)s' tidak ada di %(file)s.") % {"name": name, "file": DESCRIPTOR}]
        )
    return found


def _read_resource(resource: dict, files: dict[str, bytes], base: str) -> pd.DataFrame:
    """The resource's CSV: one path, or parts that each start with the same header row."""
    paths = resource.get("path")
    paths = [paths] if isinstance(paths, str) else paths or []
    if not paths:
        raise BudgetFileError(
            [_("Resource '%(name)s' tidak menyebut path berkas.") % {"name": resource.get("name")}]
        )
    parts = [_read_csv(resource, _member(files, base, str(path)), str(path)) for path in paths]
    for path, part in zip(paths[1:], parts[1:], strict=True):
        if list(part.columns) != list(parts[0].columns):
            raise BudgetFileError(
                [_("Bagian %(path)s tidak sama kolomnya dengan bagian pertama.") % {"path": path}]
            )
    return pd.concat(parts, ignore_index=True)


def _member(files: dict[str, bytes], base: str, path: str) -> bytes:
    if not safe_name(path):
        raise BudgetFileError(
            [
                _("Path '%(path)s' di %(file)s tidak aman atau bukan berkas di dalam zip.")
                % {"path": path, "file": DESCRIPTOR}
            ]
        )
    name = posixpath.normpath(posixpath.join(base, path))
    if name not in files:
        raise BudgetFileError(
            [
                _("Berkas %(path)s disebut di %(file)s tetapi tidak ada di zip.")
                % {"path": path, "file": DESCRIPTOR}
            ]
        )
    return files[name]


def _read_csv(resource: dict, raw: bytes, path: str) -> pd.DataFrame:
    dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
    encoding = str(resource.get("encoding") or "utf-8")
    encoding = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = raw.decode(encoding)
        return pd.read_csv(
            io.StringIO(text), sep=dialect.get("delimiter", ","), dtype=str, keep_default_na=False
        )
    except (UnicodeDecodeError, LookupError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise BudgetFileError(
            [_("Berkas CSV %(path)s rusak: %(error)s") % {"path": path, "error": error}]
        ) from None


def _flat_table(resource: dict, sources: dict[str, dict], data: pd.DataFrame) -> pd.DataFrame:
    """The resource's columns under our names, amounts read by the schema's number format."""
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    fields = {f.get("name"): f for f in schema.get("fields") or [] if isinstance(f, dict)}
    absent = [
        str(s.get("source")) for s in sources.values() if "constant" not in s and s.get("source") not in data
    ]
    if absent:
        raise BudgetFileError(
            [
                _("Kolom %(columns)s disebut di model tetapi tidak ada di berkas %(path)s.")
                % {"columns": ", ".join(absent), "path": resource.get("path")}
            ]
        )
    table = pd.DataFrame(index=data.index)
    for column, spec in sources.items():
        if "constant" in spec:
            table[column] = str(spec["constant"])
        elif column in AMOUNTS:
            field = fields.get(spec["source"], {})
            table[column] = data[spec["source"]].map(lambda text, field=field: _number(text, field))
        else:
            table[column] = _part(data[spec["source"]], spec.get("part"))
    return table


def _part(values: pd.Series, part: str | None) -> pd.Series:
    """The year or month of ISO dates ('2024-03-31', '2024-03'); other text stays for the row check."""
    if part is None:
        return values
    found = values.str.extract(r"^\s*(\d{4})-(\d{1,2})")
    return found[0 if part == "year" else 1].fillna(values)


def _number(text: str, field: dict) -> Decimal | str:
    """A number in the schema's format (decimalChar, groupChar); else the text, read as usual."""
    raw = str(text).strip()
    cleaned = raw.replace(field.get("groupChar", "\u0000"), "").replace(field.get("decimalChar", "."), ".")
    try:
        return Decimal(cleaned) if cleaned else raw
    except InvalidOperation:
        return raw
