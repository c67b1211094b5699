"""NPWP and bank accounts told apart from the other long numbers of a letter, and measured.

``pamong eval documents.pii --csv`` scores a CSV of sentences beside naive digit-count
regexes; the fixture here is small enough to count by hand.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from pamong.documents import evaluation, pii
from tests.conftest import REPO


def kinds(text: str) -> set[tuple[str, str]]:
    return {(item.kind, item.value) for item in pii.find(text) if item.valid}


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("NPWP: 01.312.166.0-091.000", "013121660091000"),  # 15 digits, dotted
        ("rekanan (02.183.241.5-526.000) menyerahkan faktur", "021832415526000"),  # dotted, no label
        ("NPWP 092542943407000", "092542943407000"),  # 15 digits after the label
        ("NPWP baru: 0013121660091000", "0013121660091000"),  # 16: a 0 before the old 15
        ("NPWP 0021 8324 1552 6000", "0021832415526000"),
        ("NPWP : 3578106403920001", "3578106403920001"),  # 16: a NIK, labelled NPWP
        ("NPWP. 01 312 166 0 091 000", "013121660091000"),
    ],
)
def test_an_npwp_is_found_in_its_15_and_16_digit_forms(text, digits) -> None:
    assert kinds(text) == {("npwp", digits)}


@pytest.mark.parametrize(
    "text",
    [
        "NPWP: 01.312.166.1-091.000",  # check digit wrong
        "Faktur 09.254.294.7-407.000 dikembalikan",
        "NPWP 0801234561515000",  # 0 and a wrong old number
        "NPWP: 7088634951750348",  # 16 digits, not a NIK
        "NPWP: 01.312.166.0-091.00",  # 14 digits
        "Kode billing 456781236016000 berlaku",  # 15 digits, check digit right, but no label
    ],
)
def test_a_number_that_is_not_a_valid_npwp_is_not_counted_as_one(text) -> None:
    assert not any(kind == "npwp" for kind, _ in kinds(text))


def test_a_labelled_npwp_with_a_wrong_check_digit_is_still_redacted() -> None:
    [item] = pii.find("NPWP: 01.312.166.1-091.000")
    assert item.kind == "npwp" and not item.valid
    assert pii.redact("NPWP: 01.312.166.1-091.000") == "NPWP: [NPWP]"


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("ditransfer ke rekening Bank BRI nomor 0123-01-012345-50-1 a.n. Kelompok Tani", "012301012345501"),
        ("No. Rek. Mandiri 136-00-1234567-8", "1360012345678"),
        ("Mohon ditransfer ke BCA 8720123456 atas nama Koperasi", "8720123456"),
        ("Nomor Rekening | 012301012345501", "012301012345501"),
        ("No. Rekening : 1234567890 (Bank Jatim)", "1234567890"),
        ("Sisa dana Rp 2.500.000 disetor ke rekening BNI 0123456789.", "0123456789"),
    ],
)
def test_a_bank_account_is_the_number_after_rekening_or_a_bank(text, digits) -> None:
    assert kinds(text) == {("rekening", digits)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bank BRI Unit Kartasura, telepon (0271) 781234", set()),
        ("konfirmasi ke rekening di atas melalui WhatsApp 0812-3456-7890", {("telepon", "081234567890")}),
        ("Nasabah Bank BRI dengan NIK 3372015708900002", {("nik", "3372015708900002")}),
        ("Surat Bank Indonesia Nomor 25/12/DKSP/2023", set()),
        ("Dana sebesar Rp 150.000.000,00 disetor ke Rekening Kas Umum Daerah", set()),
        ("Transfer ke rekening BCA sebesar 15.000.000 rupiah", set()),
        ("Belanja pada kode rekening 5.1.02.01.01.0024 sebesar Rp 5.000.000", set()),  # a budget code
        ("melalui BRI dengan bukti setor nomor 20240312000123", set()),
        ("Bukti pembayaran nomor transaksi 7088634951750348 terlampir.", set()),
        ("Narahubung (+62 812 3456 7890)", {("telepon", "6281234567890")}),
    ],
)
def test_other_long_numbers_near_a_bank_are_not_accounts(text, expected) -> None:
    assert kinds(text) == expected


FIXTURE = [
    ("npwp", "NPWP: 01.312.166.0-091.000", "npwp:013121660091000"),
    ("npwp-bad", "NPWP: 01.312.166.1-091.000", ""),
    ("bank", "rekening BRI 0123-01-012345-50-1", "rekening:012301012345501"),
    ("bank-missed-by-us", "Nomor akun 98765432101 di Bank Jago", "rekening:98765432101"),
    ("billing", "Kode billing 456781236016000", ""),
    ("nik", "NIK 3372015708900002 dan telepon 0812-3456-7890", "nik:3372015708900002;telepon:081234567890"),
]


def write_fixture(path, rows=FIXTURE):  # type: ignore[no-untyped-def]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "text", "entities"])
        writer.writerows(rows)
    return path


def test_the_identifier_eval_counts_exactly_on_a_small_fixture(tmp_path) -> None:
    ours, naive, errors = evaluation.score_identifiers(
        evaluation.identifier_rows(str(write_fixture(tmp_path / "pii.csv")))
    )
    assert (ours["npwp"].tp, ours["npwp"].fp, ours["npwp"].fn) == (1, 0, 0)
    # "Nomor akun ... di Bank Jago": the cue comes after the number; we miss it
    assert (ours["rekening"].tp, ours["rekening"].fp, ours["rekening"].fn) == (1, 0, 1)
    assert (ours["nik"].tp, ours["telepon"].tp) == (1, 1)
    assert errors == ["bank-missed-by-us: rekening 9876***2101 missed"]
    # naive: dotted or 15 digits is an NPWP (the bad check digit and the billing code count)
    assert (naive["npwp"].tp, naive["npwp"].fp, naive["npwp"].fn) == (1, 2, 0)
    # naive: 10-16 digits is an account (the billing code, the NIK; the dashed account missed)
    assert (naive["rekening"].tp, naive["rekening"].fp, naive["rekening"].fn) == (1, 2, 1)


def test_pamong_eval_pii_csv_prints_precision_and_recall_beside_the_naive_regexes(db, tmp_path) -> None:
    out = io.StringIO()
    call_command(
        "eval", "documents.pii", "--csv", str(write_fixture(tmp_path / "pii.csv")), "--json", stdout=out
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["n"] == 6
    assert result["rekening_precision"] == 1.0 and result["rekening_recall"] == 0.5
    assert result["baseline"]["npwp_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["baseline"]["rekening_recall"] == 0.5


def test_the_shipped_identifier_csv_is_read_and_scored(db) -> None:
    """The figures in docs/ai/documents.pii.md (written with the fixes; see there)."""
    out = io.StringIO()
    call_command(
        "eval", "documents.pii", "--csv", str(REPO / "data/eval/pii_identifiers.csv"), "--json", stdout=out
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["n"] == 53
    for kind in ("npwp", "rekening", "nik", "telepon"):
        assert result[f"{kind}_precision"] == 1.0 and result[f"{kind}_recall"] == 1.0
    assert result["baseline"]["npwp_precision"] < 0.7 and result["baseline"]["rekening_precision"] < 0.3


def test_a_malformed_entity_is_refused_with_its_line(db, tmp_path) -> None:
    from django.core.management.base import CommandError

    path = write_fixture(tmp_path / "bad.csv", [("x", "NPWP 1", "npwp=013121660091000")])
    with pytest.raises(CommandError, match="line 2"):
        call_command("eval", "documents.pii", "--csv", str(path))
