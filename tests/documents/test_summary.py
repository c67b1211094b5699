"""The summary names sender, subject and deadline with a sentence of the body, never the
letterhead or a complainant's identifiers; ``pamong eval documents.summary`` measures it."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from pamong.documents import fields, summary
from tests.documents.letters import LETTER

COMPLAINT = """Sukamaju, 3 Juni 2024
Hal : Keluhan Jalan Rusak di Desa Sukamaju
Kepada
Yth. Bupati Contoh
di -
Tempat
Dengan hormat,
Saya yang bertanda tangan di bawah ini:
Nama : Rina Kartika
NIK : 3372015708900002
No. HP : 0812-3456-7890
E-mail : rina.kartika@gmail.com
menyampaikan keluhan mengenai jalan rusak di depan balai desa yang belum diperbaiki sejak
bulan Januari.
Mohon kiranya Bapak berkenan menindaklanjuti pengaduan ini.
Hormat saya,
Rina Kartika
"""

ASSIGNMENT = """PEMERINTAH KABUPATEN CONTOH
DINAS KESEHATAN
Jl. Veteran No. 3 Contoh Telp. (0271) 765432
SURAT TUGAS
NOMOR 800.1.11/77/DINKES/2024
Dasar : Dokumen Pelaksanaan Anggaran Dinas Kesehatan Tahun Anggaran berjalan dan
peraturan yang berlaku.
MENUGASKAN:
1. Nama : dr. Sari Wulandari
NIP : 19800512 200604 2 011
Untuk : melaksanakan pemantauan imunisasi anak sekolah di Kecamatan Utara pada tanggal
12 Agustus
2024.
Kepala Dinas Kesehatan,
"""


def summarise(text: str) -> dict:
    clean = fields.clean(text)
    return summary.summarise(clean, fields.extract(clean))


def test_a_complaint_is_summarised_without_the_complainants_nik_phone_or_mail() -> None:
    result = summarise(COMPLAINT)
    assert result["asked"] == (
        "Saya yang bertanda tangan di bawah ini: menyampaikan keluhan mengenai jalan rusak di depan "
        "balai desa yang belum diperbaiki sejak bulan Januari."
    )
    for identifier in ("3372015708900002", "0812", "rina.kartika@"):
        assert identifier not in result["text"]


def test_a_letter_that_asks_nothing_is_summarised_by_its_first_sentence_not_its_letterhead() -> None:
    result = summarise(ASSIGNMENT)
    assert result["asked"] == (
        "Untuk : melaksanakan pemantauan imunisasi anak sekolah di Kecamatan Utara pada tanggal "
        "12 Agustus 2024."
    )
    assert "Telp" not in result["text"] and "Dokumen Pelaksanaan" not in result["text"]
    assert result["why"].startswith("tidak ada kalimat yang meminta")


def test_an_invitation_gives_the_inviting_sentence_and_the_date() -> None:
    result = summarise(LETTER)
    assert result["asked"].startswith("Dalam rangka persiapan penerimaan peserta didik baru, kami mengundang")
    assert result["when"] == "2024-03-18 09:00" and "Telepon" not in result["text"]


def test_pamong_eval_summary_scores_sender_request_and_deadline_beside_the_first_two_sentences(
    db, tmp_path
) -> None:
    letters = {
        "undangan": (
            LETTER,
            {
                "pengirim": "DINAS PENDIDIKAN DAN KEBUDAYAAN",
                "perihal": "Undangan Rapat Koordinasi Penerimaan Peserta Didik Baru",
                "acara": {"date": "2024-03-18", "time": "09:00"},
                "pii": [{"kind": "nik", "value": "3372015708900002"}],
            },
        ),
        "pengaduan": (
            COMPLAINT,
            {
                "pengirim": "Rina Kartika",
                "perihal": "Keluhan Jalan Rusak di Desa Sukamaju",
                "pii": [
                    {"kind": "nik", "value": "3372015708900002"},
                    {"kind": "telepon", "value": "081234567890"},
                ],
            },
        ),
        "tugas": (ASSIGNMENT, {"pengirim": "DINAS KESEHATAN"}),
    }
    for name, (text, truth) in letters.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.json").write_text(json.dumps({"file": f"{name}.txt", **truth}), encoding="utf-8")
    out = io.StringIO()
    call_command("eval", "documents.summary", "--dir", str(tmp_path), "--json", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    ours = {key: result[key] for key in ("sender_stated", "request_stated", "deadline_stated")}
    assert ours == {"sender_stated": 1.0, "request_stated": 1.0, "deadline_stated": 1.0}
    assert result["identifiers_in_summary"] == 0.0 and result["letterhead_in_summary"] == 0.0
    assert result["says_more_than_fields"] == 1.0
    lead = result["baseline"]
    # the first two sentences of the two letters with a letterhead carry it; those of the
    # complaint carry its NIK; the deadline is in the invitation's second sentence
    assert lead["letterhead_in_summary"] == 0.6667 and lead["identifiers_in_summary"] == 0.3333
    assert lead["deadline_stated"] == 1.0
