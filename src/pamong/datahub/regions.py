"""``datahub.regions``: region names in any spelling -> Kemendagri codes, or a review list.

Exact matching on normalised names (``names.key``) against the 2025 list (and the
2020 list for codes retired since), then analyst-confirmed aliases, then the context of
the whole column (its level; "Bandung" beside "Kota Bandung" is the regency, as BPS
tables write it), then fuzzy matching (rapidfuzz) for typos. What stays uncertain goes
to the analyst's review list instead of being guessed; a confirmed name is remembered.
"""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from rapidfuzz import fuzz, process

from pamong.ai.evaluation import DatasetError, file_sha256
from pamong.ai.functions import AIFunction, CardDefaults, EvalReport
from pamong.ai.registry import register
from pamong.core import regions as official
from pamong.datahub import names

ALGORITHM = "names-v1"
NOT_A_REGION = "-"  # an alias to this marks a row label that is not a region ("Sumber: BPS")
LEVEL_OF_KIND = {"prov": "province", "kab": "regency", "kota": "regency"}
FUZZY_ACCEPT = 90  # rapidfuzz score a typo must reach to be resolved without review
FUZZY_MARGIN = 6  # ... and by how much it must lead the next region


@dataclass(frozen=True)
class Entry:
    code: str
    level: str
    kind: str
    core: str
    current: bool


@dataclass(frozen=True)
class Resolution:
    """Where a name was resolved to; ``code`` None means an analyst must decide."""

    name: str
    code: str | None
    level: str
    confidence: float
    method: str
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def resolved(self) -> bool:
        return self.code is not None


Within = str | tuple[str, ...] | None  # parent code(s): a parent and the regions split from it


def _prefixes(within: Within) -> tuple[str, ...]:
    codes = (within,) if isinstance(within, str) else (within or ())
    return tuple(f"{code}." for code in codes if code)


@dataclass(eq=False)
class Gazetteer:
    """Official names of provinces and regencies (and districts on request), indexed."""

    entries: list[Entry]
    by_core: dict[str, list[Entry]] = field(default_factory=dict)
    by_compact: dict[str, list[Entry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self.by_core.setdefault(entry.core, []).append(entry)
            self.by_compact.setdefault(entry.core.replace(" ", ""), []).append(entry)

    @cache  # noqa: B019 - one gazetteer per process, kept for its life
    def choices(self, level: str | None, within: Within) -> dict[str, list[Entry]]:
        """core -> entries, restricted to a level and parent codes, for fuzzy matching."""
        found: dict[str, list[Entry]] = {}
        prefixes = _prefixes(within)
        for entry in self.entries:
            if level and entry.level != level:
                continue
            if prefixes and not entry.code.startswith(prefixes):
                continue
            found.setdefault(entry.core, []).append(entry)
        return found


def _kind_of(code: str, label: str, level: str) -> str:
    if level == "province":
        return "prov"
    if level == "regency":
        return "kota" if code.split(".")[1] >= "71" or label.lower().startswith("kota") else "kab"
    return ""


@cache
def gazetteer(with_districts: bool = False) -> Gazetteer:
    entries: list[Entry] = []
    levels = {"province", "regency"} | ({"district"} if with_districts else set())
    current = official.table(2025)
    for year in (2025, 2020):
        for code, label in official.table(year).items():
            level = official.level(code)
            if level not in levels or (year == 2020 and code in current):
                continue
            is_current = year == 2025
            if not is_current and code in official.recoded():
                continue  # same place, new code: the current entry answers for it
            kind = _kind_of(code, label, level)
            for _, core in names.official_keys(label, level):
                entries.append(Entry(code, level, kind, core, is_current))
    for alias, code in known_aliases().items():
        label, level = official.name(code) or "", official.level(code)
        entries.append(Entry(code, level, _kind_of(code, label, level), names.key(alias)[1], True))
    return Gazetteer(entries)


@cache
def known_aliases() -> dict[str, str]:
    """Former names and common abbreviations shipped in ``data/datahub/region-aliases.csv``."""
    with open(Path(settings.DATA_DIR) / "datahub" / "region-aliases.csv", encoding="utf-8", newline="") as f:
        return {row["alias"]: row["code"] for row in csv.DictReader(f)}


def normalise_code(text: str) -> str | None:
    """'3204', '32.04', '32.4' -> '32.04' when such a code exists; None otherwise."""
    raw = str(text).strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    digits = re.sub(r"\D", "", raw)
    if "." in raw:
        parts = raw.split(".")
        widths = [2, 2, 2, 4]
        if len(parts) <= 4 and all(p.isdigit() for p in parts):
            code = ".".join(p.zfill(w) for p, w in zip(parts, widths, strict=False))
            return code if official.exists(code) else None
    spans = {2: [2], 4: [2, 2], 6: [2, 2, 2], 10: [2, 2, 2, 4]}.get(len(digits))
    if not spans:
        return None
    parts, start = [], 0
    for width in spans:
        parts.append(digits[start : start + width])
        start += width
    code = ".".join(parts)
    return code if official.exists(code) else None


class Resolver:
    """Resolves the names of one column; ``aliases`` are the analysts' confirmed names."""

    def __init__(self, aliases: dict[tuple[str, str], str] | None = None, *, with_districts: bool = False):
        self.aliases = aliases or {}
        self.gazetteer = gazetteer(with_districts)

    def candidates(self, kind: str, core: str, level: str | None, within: Within) -> list[Entry]:
        found = self.gazetteer.by_core.get(core) or self.gazetteer.by_compact.get(core.replace(" ", ""), [])
        if kind:
            found = [e for e in found if e.kind == kind or (kind == "prov" and e.level == "province")]
        if within:
            found = [e for e in found if e.code.startswith(_prefixes(within))] or found
        if level and len({e.code for e in found}) > 1:
            found = [e for e in found if e.level == level] or found
        if any(e.current for e in found):
            found = [e for e in found if e.current]
        return found

    def resolve(
        self,
        name: str,
        *,
        level: str | None = None,
        within: Within = None,
        cities_listed: frozenset[str] = frozenset(),
    ) -> Resolution:
        text = str(name or "").strip()
        if not text:
            return Resolution(text, None, "", 0.0, "empty")
        kind, core = names.key(text)
        if core in names.NATIONAL:
            return Resolution(text, "", "national", 1.0, "national")
        alias = self.aliases.get((kind, core))
        if alias is not None:
            return Resolution(text, alias, _level(alias), 1.0, "alias")
        if not core:
            return Resolution(text, None, "", 0.0, "empty")
        found = self.candidates(kind, core, level, within)
        codes = sorted({e.code for e in found})
        if len(codes) == 1:
            return Resolution(text, codes[0], _level(codes[0]), 1.0, "exact")
        if len(codes) > 1:
            return self._ambiguous(text, kind, core, found, level, cities_listed)
        return self._fuzzy(text, kind, core, level, within)

    def _ambiguous(
        self, text: str, kind: str, core: str, found: list[Entry], level: str | None, cities: frozenset[str]
    ) -> Resolution:
        kabs = sorted({e.code for e in found if e.kind == "kab"})
        kotas = sorted({e.code for e in found if e.kind == "kota"})
        alternatives = tuple((code, 0.5) for code in sorted({e.code for e in found}))
        if not kind and len(kabs) == 1 and kotas and core in cities:
            # BPS tables write the regency plainly and the city as "Kota X".
            return Resolution(text, kabs[0], "regency", 0.97, "context", alternatives)
        return Resolution(text, None, "", 0.5, "ambiguous", alternatives)

    def _fuzzy(self, text: str, kind: str, core: str, level: str | None, within: Within) -> Resolution:
        level = LEVEL_OF_KIND.get(kind) or level
        choices = self.gazetteer.choices(level, within)
        if kind in ("kab", "kota"):
            choices = {c: [e for e in es if e.kind == kind] for c, es in choices.items()}
            choices = {c: es for c, es in choices.items() if es}
        if not choices:
            return Resolution(text, None, "", 0.0, "unknown")
        matches = process.extract(core, list(choices), scorer=fuzz.ratio, limit=6)
        scored: dict[str, float] = {}
        for match, score, _ in matches:
            for entry in choices[match]:
                if entry.current or entry.code not in scored:
                    scored[entry.code] = max(scored.get(entry.code, 0.0), float(score))
        ranked = sorted(scored.items(), key=lambda item: -item[1])
        alternatives = tuple((code, round(score / 100, 3)) for code, score in ranked[:3])
        best_code, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= FUZZY_ACCEPT and best - runner_up >= FUZZY_MARGIN:
            confidence = round(0.9 + 0.08 * (best - FUZZY_ACCEPT) / (100 - FUZZY_ACCEPT), 3)
            return Resolution(text, best_code, _level(best_code), confidence, "fuzzy", alternatives)
        return Resolution(text, None, "", round(best / 100 * 0.8, 3), "uncertain", alternatives)

    def resolve_many(
        self, names_: Iterable[str], *, level: str | None = None, within: dict[str, Within] | None = None
    ) -> dict[str, Resolution]:
        """Resolve each distinct name once, using what the whole column says.

        A first pass finds the column's usual level (province or regency) from the names
        that match exactly; the second pass uses it to separate "Jambi" the province from
        Kota Jambi, and the cities written "Kota X" to read a plain "X" as the regency.
        """
        unique = list(dict.fromkeys(str(n) for n in names_))
        within = within or {}
        cities = frozenset(core for kind, core in map(names.key, unique) if kind == "kota")
        if level is None:
            first = [self.resolve(n, within=within.get(n)) for n in unique]
            levels = Counter(r.level for r in first if r.method == "exact")
            if levels:
                top, count = levels.most_common(1)[0]
                if count >= 0.6 * sum(levels.values()):
                    level = top
        return {n: self.resolve(n, level=level, within=within.get(n), cities_listed=cities) for n in unique}


def _level(code: str) -> str:
    if code == "":
        return "national"
    if code == NOT_A_REGION:
        return ""
    return official.level(code)


def confirmed_aliases() -> dict[tuple[str, str], str]:
    """The names analysts confirmed, by their normalised key."""
    from pamong.datahub.models import RegionAlias

    return {
        names.key(alias.example): alias.code
        for alias in RegionAlias.objects.only("example", "code").order_by("created_at")
    }


def exact_lower_baseline() -> dict[str, str | None]:
    """The baseline: the official name lower-cased, matched exactly (ambiguous -> None)."""
    mapping: dict[str, set[str]] = {}
    for year in (2025, 2020):
        for code, label in official.table(year).items():
            if official.level(code) in ("province", "regency"):
                mapping.setdefault(label.lower().strip(), set()).add(official.recoded().get(code, code))
    return {name: (codes.pop() if len(codes) == 1 else None) for name, codes in mapping.items()}


@register
class RegionNames(AIFunction):
    key = "datahub.regions"
    card = CardDefaults(
        name_id="Harmonisasi nama wilayah",
        name_en="Region name harmonisation",
        purpose_id=(
            "Mencocokkan nama provinsi dan kabupaten/kota dalam data masukan (ejaan apa pun, "
            "bahasa Inggris, singkatan) dengan kode wilayah Kemendagri; yang tidak pasti "
            "dikirim ke analis untuk ditinjau."
        ),
        purpose_en=(
            "Matches province and regency/city names in incoming data (any spelling, English, "
            "abbreviations) to Kemendagri region codes; uncertain ones go to an analyst."
        ),
        owner_unit="Badan Perencanaan Pembangunan Daerah (Bappeda)",
        risk_level=1,
        oversight="review",
        data_used="Nama wilayah dalam berkas data statistik; daftar kode wilayah Kemendagri 2020 dan 2025.",
        personal_data=[],
        threshold=0.9,
        notice_id="Kode wilayah pada data ini dicocokkan otomatis; nama yang tidak pasti diperiksa analis.",
        notice_en="Region codes in this data were matched automatically; uncertain names were checked by an analyst.",
    )

    def model_version(self) -> str:
        from pamong.datahub.models import RegionAlias

        return f"{ALGORITHM}+aliases-{RegionAlias.objects.count()}"

    def resolver(self) -> Resolver:
        return Resolver(confirmed_aliases())

    def add_eval_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--name-col", default="name", help="column with the region names")
        parser.add_argument("--code-col", default="code", help="column with the right Kemendagri codes")
        parser.add_argument("--level", choices=["province", "regency"], help="level of every name")
        parser.add_argument(
            "--group-col", default="", help="column naming the source column of each name (resolved together)"
        )

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        path = options.get("csv")
        if not path:
            raise DatasetError("datahub.regions needs --csv FILE with a name and a code column")
        name_col, code_col = options.get("name_col") or "name", options.get("code_col") or "code"
        group_col = options.get("group_col") or ""
        rows = _labelled_names(path, name_col, code_col, group_col)
        gold = [code for _, code, _ in rows]
        resolver = Resolver()  # the shipped knowledge only: confirmed aliases would flatter it
        started = time.perf_counter()
        found: dict[tuple[str, str], Resolution] = {}
        for group in dict.fromkeys(g for _, _, g in rows):  # each group is one column of one source
            names_in = [name for name, _, g in rows if g == group]
            for name, resolution in resolver.resolve_many(names_in, level=options.get("level")).items():
                found[(group, name)] = resolution
        elapsed = time.perf_counter() - started
        ours = [found[(group, name)].code for name, _, group in rows]
        baseline = exact_lower_baseline()
        plain = [baseline.get(name.lower().strip()) for name, _, _ in rows]
        metrics = resolution_metrics(gold, ours)
        metrics["rows_per_second"] = round(len(rows) / elapsed, 1) if elapsed else 0.0
        return EvalReport(
            n=len(rows),
            metrics=metrics,
            baselines={"exact_lower": resolution_metrics(gold, plain)},
            dataset=str(path),
            dataset_sha256=file_sha256(path),
            params={"threshold": FUZZY_ACCEPT / 100, "level": options.get("level"), "group_col": group_col},
        )


def _labelled_names(path: str, name_col: str, code_col: str, group_col: str) -> list[tuple[str, str, str]]:
    from pamong.ai.evaluation import read_labelled_csv

    rows = read_labelled_csv(path, (name_col, code_col, *([group_col] if group_col else [])))
    out = []
    for row in rows:
        code = normalise_code(row[code_col])
        if code is None:
            raise DatasetError(f"{path}: {row[code_col]!r} is not a Kemendagri region code")
        out.append((row[name_col], code, row[group_col] if group_col else ""))
    return out


def resolution_metrics(gold: list[str], predicted: list[str | None]) -> dict[str, float]:
    """accuracy over all names; resolved_rate (not sent to review); precision of those resolved."""
    n = len(gold)
    resolved = [(g, p) for g, p in zip(gold, predicted, strict=True) if p is not None]
    correct = sum(1 for g, p in resolved if g == p)
    return {
        "accuracy": round(correct / n, 4) if n else 0.0,
        "resolved_rate": round(len(resolved) / n, 4) if n else 0.0,
        "resolved_precision": round(correct / len(resolved), 4) if resolved else 0.0,
    }
