"""What the AI functions read from a letter, and why; measured by ``pamong eval``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from pamong.ai.models import Decision
from pamong.documents import fields, pii
from pamong.documents.functions import analyse_text
from tests.conftest import REPO
from tests.documents import letters

LETTERS = REPO / "data" / "eval" / "letters"


@pytest.mark.parametrize(
    "nomor",
    [
        "005/123/DISDIK/2024",
        "400.3.5/1234/DISDIK/2024",
        "B-123/KPK/01/2024",
        "8/DPP-SA/IV/2025",
        "800.1.2.3/45/BKPSDM/2024",
    ],
)
def test_every_usual_shape_of_nomor_is_read(nomor) -> None:
    assert fields.extract(letters.text_letter(nomor))["nomor_surat"]["value"] == nomor


def test_ocr_spaces_inside_a_nomor_are_dropped_and_decree_numbers_kept_whole() -> None:
    assert (
        fields.extract("Nomor : 400.7/ 562 /BKP SDM/2025\nHal : Undangan")["nomor_surat"]["value"]
        == "400.7/562/BKPSDM/2025"
    )
    decree = "KEPUTUSAN BUPATI CONTOH\nNOMOR 12 TAHUN 2024\nTENTANG\nPEMBENTUKAN TIM\n"
    assert fields.extract(decree)["nomor_surat"]["value"] == "12 Tahun 2024"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Contoh, 12 Maret 2024", "2024-03-12"),
        ("Kota Lain, 05 Agt. 2025", "2025-08-05"),
        ("Sukamaju, 3-10-2025", "2025-10-03"),
        ("Jakarta,  3  Oktober  2024", "2024-10-03"),
    ],
)
def test_the_letter_date_is_read_after_its_place_in_indonesian_formats(line, expected) -> None:
    text = letters.LETTER.replace("Contoh, 12 Maret 2024", line)
    assert fields.extract(text)["tanggal"]["value"] == expected


def test_an_event_day_is_not_mistaken_for_the_letter_date_and_is_kept_as_the_deadline() -> None:
    text = letters.LETTER.replace("Contoh, 12 Maret 2024\n", "")
    found = fields.extract(text)
    assert "tanggal" not in found or found["tanggal"]["value"] != "2024-03-18"
    assert found["acara"]["value"] == {"date": "2024-03-18", "time": "09:00"}


def test_sender_addressee_signer_and_amounts_come_with_their_reasons() -> None:
    found = fields.extract(letters.LETTER + "\nBiaya Rp 2.500.000,00 dan Rp12.000.000.")
    assert found["pengirim"]["value"] == "Dinas Pendidikan dan Kebudayaan"
    assert "kop surat" in found["pengirim"]["why"]
    assert found["tujuan"]["value"] == "Kepala Badan Perencanaan Pembangunan Daerah"
    assert found["penandatangan"]["value"].startswith("Drs. AHMAD SUBAGYO")
    assert found["nip"]["value"] == "197001011990031005"
    assert found["jumlah_rupiah"]["value"] == [2_500_000, 12_000_000]
    assert found["sifat"]["value"] == "Segera" and found["lampiran"]["value"] == "1 (satu) berkas"


def test_only_valid_niks_count_and_a_kk_number_is_told_apart() -> None:
    text = "NIK : 3372015708900002\nNomor KK : 3372011708900003\nNo. transaksi 9999999999999999\nhubungi tu@contohkab.go.id atau budi.s@gmail.com"
    found = {(item.kind, item.value) for item in pii.find(text)}
    assert ("nik", "3372015708900002") in found and ("kk", "3372011708900003") in found
    assert not any(value == "9999999999999999" for _, value in found)  # no real district, no real date
    assert ("email", "budi.s@gmail.com") in found and not any("go.id" in value for _, value in found)


def test_the_redacted_copy_hides_identifiers_but_keeps_the_signing_officials_nip() -> None:
    redacted = pii.redact(letters.LETTER)
    assert "3372015708900002" not in redacted and "[NIK]" in redacted
    assert "Sdr. [NAMA]" in redacted and "[TELEPON]" in redacted
    assert "NIP 19700101 199003 1 005" in redacted


def test_the_archive_code_comes_from_the_nomor_or_is_suggested_with_its_reason(db) -> None:
    carried = analyse_text(letters.LETTER)["classification"]
    assert carried["value"] == "400.3.5" and "nomor surat" in carried["why"]
    suggested = analyse_text(
        letters.text_letter(
            "B-77/KPK/03/2024", "Permohonan Data Penerimaan Peserta Didik Baru Pendidikan Dasar"
        )
    )["classification"]
    assert len(suggested["alternatives"]) == 3 and suggested["confidence"] < 0.5
    assert any(code.startswith("400.3") for code, _ in suggested["alternatives"])


def test_the_type_comes_from_the_title_rule_and_says_so(db) -> None:
    memo = "PEMERINTAH KABUPATEN CONTOH\nSEKRETARIAT DAERAH\nNOTA DINAS\nKepada : Bupati\nDari : Sekretaris Daerah\nHal : Bahan rapat"
    answer = analyse_text(memo)["type"]
    assert answer["value"] == "nota_dinas" and answer["why"] == "aturan: judul 'NOTA DINAS'"


def test_every_function_logs_its_decision_against_the_document(receive) -> None:
    document = receive("surat.txt", letters.LETTER)
    keys = set(Decision.objects.filter(subject=document.subject).values_list("card__key", flat=True))
    assert keys == {
        "documents.fields",
        "documents.type",
        "documents.classification",
        "documents.pii",
        "documents.summary",
        "documents.disposition",
    }
    disposition = Decision.objects.get(subject=document.subject, card__key="documents.disposition")
    assert disposition.abstained and "belum ada disposisi" in disposition.explanation
    assert "3372015708900002" not in json.dumps(
        list(Decision.objects.values("output", "explanation", "input_ref"))
    )


def test_the_summary_says_what_is_asked_by_whom_and_by_when(db) -> None:
    summary = analyse_text(letters.LETTER)["summary"]
    assert "mengundang" in summary["asked"] and summary["by"] == "Dinas Pendidikan dan Kebudayaan"
    assert summary["when"] == "2024-03-18 09:00"


def _eval(*args: str) -> dict:
    out = io.StringIO()
    call_command("eval", *args, "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_eval_of_fields_beats_the_plain_regex_on_the_shipped_born_digital_letters(db) -> None:
    result = _eval("documents.fields", "--dir", str(LETTERS), "--limit", "25")
    assert result["n"] == 25
    assert result["nomor_surat"] >= 0.95 and result["tanggal"] >= 0.95 and result["perihal"] >= 0.9
    assert (
        result["tanggal"] > result["baseline"]["tanggal"]
        or result["nomor_surat"] > result["baseline"]["nomor_surat"]
    )
    assert result["docs_per_second"] > 1


def test_eval_of_disposition_cross_validates_and_beats_the_majority_class(db) -> None:
    result = _eval("documents.disposition", "--dir", str(LETTERS), "--limit", "40")
    assert result["accuracy"] > result["baseline"]["accuracy"] + 0.2


def test_eval_refuses_a_folder_without_labels(db, tmp_path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no JSON"):
        call_command("eval", "documents.type", "--dir", str(tmp_path))


def test_eval_of_the_summary_scores_the_shipped_letters(db) -> None:
    """Sender, subject and deadline on the first 20 dev letters (born digital: no OCR)."""
    result = _eval("documents.summary", "--dir", str(LETTERS), "--limit", "20")
    assert result["sender_stated"] == 1.0 and result["request_stated"] == 1.0
    assert result["deadline_stated"] == 1.0 and result["identifiers_in_summary"] == 0.0
    assert result["baseline"]["letterhead_in_summary"] > 0.5
