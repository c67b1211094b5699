"""Input–output multipliers from IFPRI's 2018 social accounting matrix (SAM) of Indonesia.

A budget reallocation moves spending between APBN functions; what that does to output,
value added (GDP at factor cost) and household incomes depends on which goods and services
the money buys and whom it pays. The SAM records every payment in the 2018 economy (a cell
is a payment from its column's account to its row's account, billion rupiah). Taking
activities, commodities, trade margins, factors, enterprises and households as endogenous
and government, taxes, savings-investment, stocks and the rest of the world as exogenous,
an injection x into the endogenous accounts changes their totals by M x, with
M = (I − A)⁻¹ and A the endogenous column shares (Pyatt & Round's accounting multipliers).
Everything injected leaks out again to taxes, imports and savings, which the result shows.

The matrix is read in place from the `ogidn` package on PyPI (decision 0060); nothing of it
is copied into this repository. Assumptions a reader must know: prices fixed, no supply
limits, 2018 structure, national (no provinces).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

PACKAGE = "ogidn"
SAM_FILE = "ogidn/data/002_IFPRI_SAM_IDN_2018_SAM.csv"
SAM_SOURCE = (
    "International Food Policy Research Institute (IFPRI), 2018 Social Accounting Matrix for "
    "Indonesia (Nexus SAM), read from the ogidn 0.0.7 package (PyPI)"
)
EXOGENOUS = ("gov", "dtax", "etax", "ftax", "mtax", "stax", "s-i", "dstk", "row")
LEAKAGE_GROUPS = {
    "imports": ("row",),
    "taxes": ("dtax", "etax", "ftax", "mtax", "stax"),
    "savings": ("s-i", "dstk"),
    "government": ("gov",),
}
# The APBN function classification (UU 17/2003) mapped to what the money buys in the SAM.
FUNCTION_MAP = "insight/apbn-function-sam.csv"
# Function spending recorded as transfers to households takes the SAM's own split of them.
HOUSEHOLD_TRANSFERS = "households"
BOTTOM_40 = ("hhd-r1", "hhd-r2", "hhd-u1", "hhd-u2")


class SamUnavailable(RuntimeError):
    """The matrix cannot be read (package missing or file unexpected), said in plain words."""


@dataclass(frozen=True)
class Sam:
    """The endogenous coefficient matrix, its inverse and the leakage shares, with their source."""

    accounts: list[str]
    labels: dict[str, str]
    coefficients: np.ndarray  # A: endogenous rows × endogenous columns
    multipliers: np.ndarray  # M = (I - A)^-1
    leakages: dict[str, np.ndarray]  # group -> share of each endogenous column's spending
    totals: dict[str, float]
    gov_column: dict[str, float]
    path: str
    sha256: str
    imbalance: float  # largest |row total - column total| in the file, billion rupiah

    def index(self, account: str) -> int:
        return self.accounts.index(account)


@dataclass
class Impact:
    """What an injection does, billion rupiah: totals by kind, households by quintile, leakages."""

    injection: float
    output: float
    value_added: float
    household_income: float
    households: dict[str, float]
    bottom_40: float
    leakages: dict[str, float]

    def as_dict(self) -> dict:  # type: ignore[type-arg]
        return {
            "injection": round(self.injection, 3),
            "output": round(self.output, 3),
            "value_added": round(self.value_added, 3),
            "household_income": round(self.household_income, 3),
            "households": {k: round(v, 3) for k, v in self.households.items()},
            "bottom_40": round(self.bottom_40, 3),
            "leakages": {k: round(v, 3) for k, v in self.leakages.items()},
        }


def sam_path() -> Path:
    """Where the installed ogidn package keeps the matrix (without importing the package)."""
    try:
        path = Path(str(distribution(PACKAGE).locate_file(SAM_FILE)))
    except PackageNotFoundError:
        raise SamUnavailable(
            _(
                "Matriks SAM 2018 tidak tersedia: paket ogidn belum terpasang "
                "(scripts/setup memasangnya). Dampak input–output tidak dihitung."
            )
        ) from None
    if not path.is_file():
        raise SamUnavailable(_("Matriks SAM 2018 tidak ditemukan di paket ogidn: %(path)s") % {"path": path})
    return path


def read_matrix(path: Path) -> tuple[list[str], dict[str, str], np.ndarray]:
    """Account codes, their labels and the square payment matrix (blank cells are zero)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0][2:]
    codes, labels, values = [], {}, []
    for row in rows[1:]:
        if len(row) < 2 or not row[1]:
            continue
        codes.append(row[1])
        labels[row[1]] = row[0]
        values.append([float(cell) if cell.strip() else 0.0 for cell in row[2 : 2 + len(header)]])
    if codes != header:
        raise SamUnavailable(_("Matriks SAM tidak persegi: baris dan kolomnya berbeda."))
    matrix = np.array(values)
    if "total" in codes:
        keep = [i for i, code in enumerate(codes) if code != "total"]
        matrix = matrix[np.ix_(keep, keep)]
        codes = [codes[i] for i in keep]
    return codes, labels, matrix


def build(codes: list[str], labels: dict[str, str], matrix: np.ndarray, *, path: str, sha256: str) -> Sam:
    """The multiplier model of a square SAM: endogenous accounts are all but ``EXOGENOUS``."""
    totals = matrix.sum(axis=0)
    imbalance = float(np.max(np.abs(matrix.sum(axis=1) - totals)))
    endogenous = [i for i, code in enumerate(codes) if code not in EXOGENOUS]
    if not endogenous:
        raise SamUnavailable(_("Matriks SAM tidak punya akun endogen."))
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(totals > 0, matrix / np.where(totals > 0, totals, 1.0), 0.0)
    a = shares[np.ix_(endogenous, endogenous)]
    m = np.linalg.inv(np.eye(len(endogenous)) - a)
    leakages = {}
    for group, members in LEAKAGE_GROUPS.items():
        rows = [codes.index(code) for code in members if code in codes]
        leakages[group] = shares[np.ix_(rows, endogenous)].sum(axis=0) if rows else np.zeros(len(endogenous))
    gov = codes.index("gov") if "gov" in codes else None
    gov_column = (
        {codes[i]: float(matrix[i, gov]) for i in endogenous if matrix[i, gov]} if gov is not None else {}
    )
    return Sam(
        accounts=[codes[i] for i in endogenous],
        labels=labels,
        coefficients=a,
        multipliers=m,
        leakages=leakages,
        totals={codes[i]: float(totals[i]) for i in range(len(codes))},
        gov_column=gov_column,
        path=path,
        sha256=sha256,
        imbalance=round(imbalance, 3),
    )


@cache
def load() -> Sam:
    """The 2018 SAM of Indonesia as a multiplier model (once per process)."""
    path = sam_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    codes, labels, matrix = read_matrix(path)
    return build(codes, labels, matrix, path=str(path), sha256=digest)


def impact(sam: Sam, injection: dict[str, float]) -> Impact:
    """The change in every endogenous account's total when ``injection`` enters from outside."""
    x = np.zeros(len(sam.accounts))
    for account, amount in injection.items():
        if account not in sam.accounts:
            raise SamUnavailable(_("Akun SAM tidak dikenal: %(account)s") % {"account": account})
        x[sam.index(account)] += amount
    change = sam.multipliers @ x
    by_kind = dict(zip(sam.accounts, change, strict=True))
    households = {code: float(v) for code, v in by_kind.items() if code.startswith("hhd-")}
    return Impact(
        injection=float(x.sum()),
        output=float(sum(v for code, v in by_kind.items() if code.startswith("a"))),
        value_added=float(sum(v for code, v in by_kind.items() if code.startswith("f"))),
        household_income=float(sum(households.values())),
        households=households,
        bottom_40=float(sum(households.get(code, 0.0) for code in BOTTOM_40)),
        leakages={group: float(shares @ change) for group, shares in sam.leakages.items()},
    )


@cache
def function_map() -> dict[str, dict[str, float]]:
    """APBN function → {SAM account or "households": share}, from the shipped, editable table."""
    mapping: dict[str, dict[str, float]] = {}
    with (settings.DATA_DIR / FUNCTION_MAP).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            mapping.setdefault(row["function"], {})[row["account"]] = float(row["share"])
    return mapping


def function_vector(sam: Sam, function: str, amount: float) -> dict[str, float]:
    """Where ``amount`` of spending under an APBN function goes in the SAM's accounts."""
    shares = function_map().get(function)
    if not shares:
        raise SamUnavailable(
            _("Fungsi APBN tidak dikenal: %(function)s; yang dikenal: %(known)s")
            % {"function": function, "known": ", ".join(function_map())}
        )
    vector: dict[str, float] = {}
    for account, share in shares.items():
        if account == HOUSEHOLD_TRANSFERS:
            transfers = {k: v for k, v in sam.gov_column.items() if k.startswith("hhd-")}
            total = sum(transfers.values())
            for household, value in transfers.items():
                vector[household] = vector.get(household, 0.0) + amount * share * value / total
        else:
            vector[account] = vector.get(account, 0.0) + amount * share
    return vector


def household_labels() -> dict[str, str]:
    """Plain names of the SAM's household groups (rural/urban by expenditure quintile)."""
    labels = {}
    for area, name in (("r", _("Perdesaan")), ("u", _("Perkotaan"))):
        for quintile in range(1, 6):
            labels[f"hhd-{area}{quintile}"] = _("%(area)s, kuintil %(q)s") % {"area": name, "q": quintile}
    return labels


def reallocation(sam: Sam, source: str, target: str, amount: float) -> Impact:
    """Moving ``amount`` billion rupiah a year from one APBN function to another."""
    injection = function_vector(sam, target, amount)
    for account, value in function_vector(sam, source, amount).items():
        injection[account] = injection.get(account, 0.0) - value
    return impact(sam, injection)


def multiplier_table(sam: Sam) -> list[dict]:  # type: ignore[type-arg]
    """Per rupiah spent under each APBN function: output, GDP, household income, bottom 40%."""
    table = []
    for function in function_map():
        result = impact(sam, function_vector(sam, function, 1.0))
        table.append(
            {
                "function": function,
                "output": round(result.output, 3),
                "value_added": round(result.value_added, 3),
                "household_income": round(result.household_income, 3),
                "bottom_40": round(result.bottom_40, 3),
                "imports": round(result.leakages["imports"], 3),
            }
        )
    return table
