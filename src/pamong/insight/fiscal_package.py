"""Budget rows from a Fiscal Data Package: a ``datapackage.json`` and its CSV, zipped.

The descriptor's ``model`` (Fiscal Data Package 0.3) says where each amount and each
dimension is: measures by their budget ``phase`` (approved, adjusted, executed),
dimensions by ``dimensionType`` / ``classificationType`` or by their name. So the CSV
keeps the publisher's own column names and only the descriptor is trusted to say what
they mean. The zip is read in memory, never extracted, and refused whole when a member
name could leave its folder or the members expand beyond the limits (zip bombs).

A model may read several resources: dimension attributes from tables the fact resource
reaches by the ``foreignKeys`` of its schema (joined with pandas, many rows to one, so a
join never multiplies the facts), and measures from several fact resources with the
same dimension columns (stacked). An attribute without ``resource`` is read from the
fact resource(s); a measure without it from the first resource.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
import zlib
from collections import deque
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from pamong.insight.budget import DIMENSIONS
from pamong.insight.budget_files import MAX_ROWS, BudgetFileError, validate_rows

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
PLANS = ("approved", "revised")
SEP = "\x1f"  # between a resource's name and its column's in a joined table


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
    package = _Package(descriptor, files, base)
    facts = _facts(package, sources)
    parts = [_fact_rows(package, fact, facts, sources) for fact in facts]
    rows = parts[0][0] if len(parts) == 1 else _stack(parts)
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


class _Package:
    """The descriptor's resources by name, each one's CSV read once however often it is joined."""

    def __init__(self, descriptor: dict, files: dict[str, bytes], base: str) -> None:
        resources = [r for r in descriptor.get("resources") or [] if isinstance(r, dict)]
        if not resources:
            raise BudgetFileError([_("%(name)s tidak punya resources.") % {"name": DESCRIPTOR}])
        self.first = str(resources[0].get("name") or "")
        self.resources: dict[str, dict] = {}
        for resource in resources:
            self.resources.setdefault(str(resource.get("name") or ""), resource)
        self.files, self.base = files, base
        self._frames: dict[str, pd.DataFrame] = {}

    def resource(self, name: str) -> dict:
        if name not in self.resources:
            raise BudgetFileError(
                [_("Resource '%(name)s' tidak ada di %(file)s.") % {"name": name, "file": DESCRIPTOR}]
            )
        return self.resources[name]

    def frame(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = _read_resource(self.resource(name), self.files, self.base)
        return self._frames[name]

    def field(self, name: str, column: str) -> dict:
        """The schema field of a resource's column ({} where the schema does not describe it)."""
        schema = self.resource(name).get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        return next((f for f in fields or [] if isinstance(f, dict) and f.get("name") == column), {})


@dataclass(frozen=True)
class _Link:
    """One foreign key: the ``fields`` of ``source`` name a row of ``target`` by its ``keys``."""

    source: str
    fields: tuple[str, ...]
    target: str
    keys: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.source}({', '.join(self.fields)}) → {self.target}({', '.join(self.keys)})"


def _names(value: Any) -> tuple[str, ...]:
    """A Table Schema field list: one name, or several."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _facts(package: _Package, sources: dict[str, dict]) -> list[str]:
    """The resources holding the measures, in the descriptor's order."""
    named = {str(spec.get("resource") or package.first) for c, spec in sources.items() if c in AMOUNTS}
    for name in named:
        package.resource(name)
    return [name for name in package.resources if name in named]


def _home(spec: dict, facts: list[str]) -> str:
    """The dimension table an attribute is read from; '' for the fact resource (each one, stacked)."""
    resource = str(spec.get("resource") or "")
    return "" if resource in facts else resource


def _fact_rows(
    package: _Package, fact: str, facts: list[str], sources: dict[str, dict]
) -> tuple[pd.DataFrame, set[str]]:
    """One fact resource's validated rows, its dimension tables joined; and the measures it holds."""
    _links(package, fact)  # a foreign key to a missing resource is refused even if the model skips it
    data = package.frame(fact).add_prefix(fact + SEP)
    joined = {fact}
    for column, spec in sources.items():
        target = "" if column in AMOUNTS or "constant" in spec else _home(spec, facts)
        if not target or target in joined:
            continue
        package.resource(target)
        read = [str(s.get("source")) for s in sources.values() if _home(s, facts) == target]
        for link in _path(package, fact, target, read):
            if link.target not in joined:
                data = _join(package, link, data)
                joined.add(link.target)
    table, held = _flat_table(package, fact, facts, sources, data)
    try:
        return validate_rows(table), held
    except BudgetFileError as error:
        if len(facts) == 1:
            raise
        raise BudgetFileError(
            [_("Resource '%(name)s': %(problem)s") % {"name": fact, "problem": p} for p in error.problems]
        ) from None


def _links(package: _Package, name: str) -> list[_Link]:
    """The foreign keys a resource's schema declares, each to a resource of the package.

    A self-reference (a hierarchy inside one table) joins nothing and is left out.
    """
    schema = package.resource(name).get("schema")
    declared = schema.get("foreignKeys") if isinstance(schema, dict) else None
    links = []
    for key in declared or []:
        reference = key.get("reference") if isinstance(key, dict) else None
        fields = _names(key.get("fields")) if isinstance(key, dict) else ()
        keys = _names(reference.get("fields")) if isinstance(reference, dict) else ()
        if not fields or len(fields) != len(keys):
            raise BudgetFileError(
                [
                    _(
                        "foreignKeys di resource '%(name)s' tidak sah: %(key)s (perlu fields dan "
                        "reference.fields dengan jumlah kolom yang sama)."
                    )
                    % {"name": name, "key": json.dumps(key, ensure_ascii=False)[:200]}
                ]
            )
        target = str(reference.get("resource") or "") if isinstance(reference, dict) else ""
        if not target or target == name:
            continue
        link = _Link(name, fields, target, keys)
        if target not in package.resources:
            raise BudgetFileError(
                [
                    _("foreignKeys %(link)s menunjuk resource '%(target)s' yang tidak ada di %(file)s.")
                    % {"link": link, "target": target, "file": DESCRIPTOR}
                ]
            )
        links.append(link)
    return links


def _path(package: _Package, fact: str, target: str, read: list[str]) -> list[_Link]:
    """The foreign keys leading from the fact resource to ``target``, fewest joins first."""
    routes: dict[str, list[_Link]] = {fact: []}
    rivals: dict[str, list[_Link]] = {}
    queue = deque([fact])
    while queue and target not in routes:
        name = queue.popleft()
        links = _links(package, name)
        for link in links:
            if link.target not in routes:
                routes[link.target] = [*routes[name], link]
                rivals[link.target] = [other for other in links if other.target == link.target]
                queue.append(link.target)
    if target not in routes:
        raise BudgetFileError(
            [
                _(
                    "Model membaca %(columns)s dari resource '%(target)s', tetapi foreignKeys resource "
                    "fakta '%(fact)s' tidak menghubungkannya ke sana."
                )
                % {"columns": ", ".join(read), "target": target, "fact": fact}
            ]
        )
    for link in routes[target]:
        if len(rivals[link.target]) > 1:
            raise BudgetFileError(
                [
                    _(
                        "Lebih dari satu foreignKeys ke resource '%(target)s' (%(links)s); tidak jelas yang dipakai."
                    )
                    % {"target": link.target, "links": "; ".join(map(str, rivals[link.target]))}
                ]
            )
    return routes[target]


def _join(package: _Package, link: _Link, data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with the columns of ``link.target`` beside each row.

    Each non-empty key must name exactly one row of the target, so the join neither drops
    nor multiplies budget rows (many to one, checked before pandas joins).
    """
    right = package.frame(link.target)
    for resource, columns in ((link.source, link.fields), (link.target, link.keys)):
        absent = [c for c in columns if c not in package.frame(resource)]
        if absent:
            raise BudgetFileError(
                [
                    _("foreignKeys %(link)s: kolom %(columns)s tidak ada di berkas resource '%(resource)s'.")
                    % {"link": link, "columns": ", ".join(absent), "resource": resource}
                ]
            )
    keys = [f"{SEP}{i}" for i in range(len(link.fields))]
    left = data.assign(
        **{
            key: _join_key(data[f"{link.source}{SEP}{field}"], package.field(link.source, field))
            for key, field in zip(keys, link.fields, strict=True)
        }
    )
    right = right.add_prefix(link.target + SEP).assign(
        **{
            key: _join_key(right[column], package.field(link.target, column))
            for key, column in zip(keys, link.keys, strict=True)
        }
    )
    right = right[(right[keys] != "").any(axis=1)]
    repeated = right[right.duplicated(keys, keep=False)]
    if len(repeated):
        raise BudgetFileError(
            [
                _("Kunci %(keys)s di resource '%(target)s' tidak unik: %(values)s.")
                % {"keys": ", ".join(link.keys), "target": link.target, "values": _values(repeated[keys])}
            ]
        )
    found = f"{SEP}found"
    merged = left.merge(right, on=keys, how="left", indicator=found, validate="many_to_one")
    unknown = merged[(merged[found] == "left_only") & (merged[keys] != "").any(axis=1)]
    if len(unknown):
        raise BudgetFileError(
            [
                _(
                    "%(n)s baris resource '%(source)s' menyebut %(fields)s yang tidak ada di resource "
                    "'%(target)s': %(values)s."
                )
                % {
                    "n": len(unknown),
                    "source": link.source,
                    "fields": ", ".join(link.fields),
                    "target": link.target,
                    "values": _values(unknown[keys]),
                }
            ]
        )
    return merged.drop(columns=[*keys, found])


def _join_key(values: pd.Series, field: dict) -> pd.Series:
    """Keys compared as Table Schema values: trimmed, an ``integer`` without its leading zeros."""
    text = values.astype(str).str.strip()
    if field.get("type") == "integer":
        text = text.str.replace(r"^(-?)0+(?=\d)", r"\1", regex=True)
    return text


def _values(keys: pd.DataFrame, shown: int = 5) -> str:
    """The first distinct keys (a composite key joined by '/'), for a message."""
    distinct = list(dict.fromkeys("/".join(row) for row in keys.itertuples(index=False)))
    return ", ".join(distinct[:shown]) + (", …" if len(distinct) > shown else "")


def _stack(parts: list[tuple[pd.DataFrame, set[str]]]) -> pd.DataFrame:
    """The rows of several fact resources as one table.

    A plan measure held by one resource is carried onto the same budget line's rows
    from the others (same year and dimensions), as a single table repeats the year's
    allocation on each month: ``budget.allocation`` takes a line's first row, which
    must not be a realisation row with no plan on it.
    """
    frames = [rows.assign(**{c: None for c in PLANS if c not in held}) for rows, held in parts]
    stacked = pd.concat(frames, ignore_index=True)
    if len(stacked) > MAX_ROWS:
        raise BudgetFileError(
            [_("Berkas berisi %(n)s baris; batasnya %(limit)s.") % {"n": len(stacked), "limit": MAX_ROWS}]
        )
    lines = stacked.groupby(["year", *DIMENSIONS], dropna=False)
    for column in PLANS:
        plan = lines[column].transform("first")
        stacked[column] = [amount if isinstance(amount, Decimal) else Decimal(0) for amount in plan]
    stacked.attrs["warnings"] = [w for rows, _held in parts for w in rows.attrs.get("warnings", [])]
    return stacked


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


def _flat_table(
    package: _Package, fact: str, facts: list[str], sources: dict[str, dict], data: pd.DataFrame
) -> tuple[pd.DataFrame, set[str]]:
    """The fact rows under our names, amounts read by the schema's number format.

    Also the measures this resource holds: another fact resource's plan is left empty
    (``_stack`` fills it), its realisation is zero (nothing paid on a plan row).
    """
    table = pd.DataFrame(index=data.index)
    held: set[str] = set()
    absent: dict[str, list[str]] = {}
    for column, spec in sources.items():
        if "constant" in spec:
            table[column] = str(spec["constant"])
            continue
        if column in AMOUNTS:
            resource = str(spec.get("resource") or package.first)
            if resource != fact:
                table[column] = Decimal(0) if column == "executed" else None
                continue
            held.add(column)
        else:
            resource = _home(spec, facts) or fact
        name = f"{resource}{SEP}{spec.get('source')}"
        if name not in data:
            absent.setdefault(resource, []).append(str(spec.get("source")))
        elif column in AMOUNTS:
            field = package.field(fact, str(spec["source"]))
            table[column] = data[name].map(lambda text, field=field: _number(text, field))
        else:
            table[column] = _part(data[name], spec.get("part"))
    for resource, columns in absent.items():
        raise BudgetFileError(
            [
                _("Kolom %(columns)s disebut di model tetapi tidak ada di berkas %(path)s.")
                % {"columns": ", ".join(columns), "path": package.resource(resource).get("path")}
            ]
        )
    return table, held


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
