"""Generate the evaluation letters in data/eval/letters/ (deterministic: seeded).

    .venv/bin/python bench/make_letters.py [--out data/eval/letters]

Each letter is written in the shape of an Indonesian official letter (Permendagri 1/2023
on tata naskah dinas: kop surat, nomor, sifat, lampiran, hal, place and date, "Yth."
addressee, body, signature block with NIP) as a born-digital PDF, a scanned rendering
(image-only PDF with skew, blur, noise and JPEG artefacts, some pages on their side or
upside down), a DOCX or a photo/scan image, each beside a JSON of its true fields.

Honesty: the extractor and this generator have one author, which flatters the
extractor. So ``heldout/`` is written by a second family of templates with other
senders, layouts, wordings and date and number styles; the extractor is tuned on the
main folder only and the held-out figures are reported beside it.

All names, numbers and identifiers are invented; NIKs use real district codes and valid
birth dates so that they pass the validator, but belong to nobody.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ANGKA = ["nol", "satu", "dua", "tiga", "empat", "lima"]

# (classification code, unit that handles it, subject)
TOPICS = [
    ("400.3.5", "disdik", "Penerimaan Peserta Didik Baru Jenjang SD dan SMP"),
    ("400.3.13", "disdik", "Rehabilitasi Ruang Kelas Sekolah Dasar"),
    ("400.3.12", "disdik", "Pemutakhiran Data Pokok Pendidikan"),
    ("400.7.7", "dinkes", "Pelaksanaan Imunisasi Anak Sekolah"),
    ("400.7.13", "dinkes", "Penanganan Gizi Buruk dan Stunting"),
    ("400.7.8", "dinkes", "Pengendalian Penyakit Tuberkulosis"),
    ("400.12.2", "disdukcapil", "Perekaman KTP Elektronik bagi Pemilih Pemula"),
    ("400.12.3", "disdukcapil", "Percepatan Pencatatan Akta Kelahiran"),
    ("400.9.7", "dinsos", "Penyaluran Bantuan Sosial Pangan"),
    ("400.9.6", "dinsos", "Pelayanan Sosial Lanjut Usia Terlantar"),
    ("600.1.9", "dpupr", "Preservasi Jalan Kabupaten Ruas Sukamaju"),
    ("600.1.10", "dpupr", "Perbaikan Jembatan Penghubung Antardesa"),
    ("600.1.16", "dpupr", "Pengembangan Sistem Penyediaan Air Minum Perdesaan"),
    ("600.4.15", "dlh", "Pengelolaan Sampah Rumah Tangga di Pasar Tradisional"),
    ("600.4.5", "dlh", "Kajian Dampak Lingkungan Kawasan Industri"),
    ("500.11.6", "dishub", "Manajemen dan Rekayasa Lalu Lintas Arus Mudik"),
    ("500.11.4", "dishub", "Pengujian Kendaraan Bermotor Angkutan Umum"),
    ("900.1.3", "bpkad", "Pelaksanaan Anggaran Triwulan Ketiga"),
    ("900.1.2", "bpkad", "Penyusunan Anggaran Perubahan Tahun Berjalan"),
    ("800.1.3", "bkpsdm", "Mutasi Pegawai Negeri Sipil Antarperangkat Daerah"),
    ("800.2.4", "bkpsdm", "Penyelenggaraan Diklat Kepemimpinan Pengawas"),
    ("800.1.2", "bkpsdm", "Formasi dan Pengadaan Pegawai PPPK"),
    ("000.7.1", "bappeda", "Musyawarah Perencanaan Pembangunan Kecamatan"),
    ("000.7.3", "bappeda", "Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah"),
    ("300.2.3", "bpbd", "Pencegahan dan Kesiapsiagaan Menghadapi Banjir"),
    ("300.1.4", "satpolpp", "Pelindungan Masyarakat dan Ketertiban Umum"),
    ("500.12.6", "diskominfo", "Pengembangan e-Government dan Aplikasi Layanan Publik"),
    ("500.12.10", "diskominfo", "Keamanan Informasi Perangkat Daerah"),
    ("500.15.8", "disnaker", "Pengembangan Pasar Kerja dan Bursa Kerja Daerah"),
    ("500.6.7", "distan", "Distribusi Pupuk Bersubsidi Musim Tanam"),
    ("500.13.3", "disparbud", "Pemasaran Pariwisata Daerah"),
    ("000.5.6", "bagian-umum", "Penyusutan Arsip Perangkat Daerah"),
    ("000.1.4", "bagian-umum", "Penggunaan Ruang Rapat dan Kendaraan Dinas"),
    ("100.3.11", "bagian-hukum", "Penyelesaian Sengketa Tanah Aset Daerah"),
    ("700.1.2", "inspektorat", "Pelaksanaan Pengawasan Reguler"),
]


@dataclass(frozen=True)
class Sender:
    kop: tuple[str, ...]  # letterhead lines, government first
    abbr: str  # what goes into the nomor
    address: str
    leader: str  # the signer's title
    place: str
    style: str  # pemda, central, association


SENDERS = [
    Sender(
        ("PEMERINTAH KABUPATEN CONTOH", "DINAS PENDIDIKAN DAN KEBUDAYAAN"),
        "DISDIK",
        "Jalan Merdeka Nomor 12, Contoh 57111, Telepon (0271) 641234, Laman disdik.contohkab.go.id",
        "Kepala Dinas Pendidikan dan Kebudayaan",
        "Contoh",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH KABUPATEN CONTOH", "DINAS KESEHATAN"),
        "DINKES",
        "Jalan Veteran Nomor 3, Contoh 57112, Telepon (0271) 642210, Pos-el dinkes@contohkab.go.id",
        "Kepala Dinas Kesehatan",
        "Contoh",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH KABUPATEN CONTOH", "BADAN PERENCANAAN PEMBANGUNAN DAERAH"),
        "BAPPEDA",
        "Jalan Pahlawan Nomor 1, Contoh 57111, Telepon (0271) 640001",
        "Kepala Badan Perencanaan Pembangunan Daerah",
        "Contoh",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH PROVINSI JAWA TENGAH", "DINAS PEKERJAAN UMUM BINA MARGA DAN CIPTA KARYA"),
        "DPUBMCK",
        "Jalan Madukoro Blok AA-BB, Semarang 50144, Telepon (024) 7608368",
        "Kepala Dinas Pekerjaan Umum Bina Marga dan Cipta Karya",
        "Semarang",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH KABUPATEN CONTOH", "KECAMATAN SUKAMAJU"),
        "KEC.SKM",
        "Jalan Raya Sukamaju Nomor 45, Sukamaju 57155",
        "Camat Sukamaju",
        "Sukamaju",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH KABUPATEN CONTOH", "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"),
        "BKPSDM",
        "Jalan Diponegoro Nomor 7, Contoh 57113, Telepon (0271) 643300",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Contoh",
        "pemda",
    ),
    Sender(
        ("KEMENTERIAN DALAM NEGERI REPUBLIK INDONESIA", "DIREKTORAT JENDERAL BINA KEUANGAN DAERAH"),
        "KEUDA",
        "Jalan Medan Merdeka Utara Nomor 7, Jakarta 10110, Telepon (021) 3450038",
        "Direktur Jenderal Bina Keuangan Daerah",
        "Jakarta",
        "central",
    ),
    Sender(
        ("KOMISI PEMBERANTASAN KORUPSI REPUBLIK INDONESIA",),
        "KPK",
        "Jalan Kuningan Persada Kav. 4, Jakarta 12950, Telepon (021) 25578300",
        "Deputi Bidang Pencegahan dan Monitoring",
        "Jakarta",
        "central",
    ),
    Sender(
        ("DEWAN PENGURUS PUSAT", "SERIKAT ARSIPARIS INDONESIA"),
        "DPP-SA",
        "Jalan Ampera Raya Nomor 7, Jakarta 12560, Telepon (021) 7805851",
        "Ketua Umum",
        "Jakarta",
        "association",
    ),
]

HELDOUT_SENDERS = [
    Sender(
        ("PEMERINTAH KOTA LAIN", "DINAS LINGKUNGAN HIDUP"),
        "DLH",
        "Jl. Ahmad Yani No. 88 Kota Lain 65111 Telp. (0341) 551122 email: dlh@kotalain.go.id",
        "Kepala Dinas Lingkungan Hidup",
        "Kota Lain",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH KABUPATEN SEBERANG", "BADAN PENANGGULANGAN BENCANA DAERAH"),
        "BPBD",
        "Jl. Lintas Timur Km. 4 Seberang 29111 Telp/Fax (0761) 22334",
        "Kepala Pelaksana BPBD",
        "Seberang",
        "pemda",
    ),
    Sender(
        ("PEMERINTAH KOTA LAIN", "DINAS PERHUBUNGAN"),
        "Dishub",
        "Jl. Gatot Subroto No. 2 Kota Lain Telp. (0341) 556677",
        "Kepala Dinas Perhubungan",
        "Kota Lain",
        "pemda",
    ),
    Sender(
        ("BADAN PUSAT STATISTIK",),
        "BPS",
        "Jl. Dr. Sutomo 6-8 Jakarta 10710 Telp. (021) 3841195",
        "Kepala Biro Umum",
        "Jakarta",
        "central",
    ),
    Sender(
        ("PENGURUS WILAYAH", "IKATAN BIDAN INDONESIA JAWA TIMUR"),
        "PW-IBI",
        "Jl. Pahlawan No. 30 Surabaya Telp. (031) 3523456",
        "Ketua",
        "Surabaya",
        "association",
    ),
]

OFFICIALS = [
    ("Drs. AHMAD SUBAGYO, M.Pd.", "Pembina Utama Muda"),
    ("dr. RINA KUSUMAWATI, M.Kes.", "Pembina Tingkat I"),
    ("Ir. BAMBANG HERUTOMO, M.T.", "Pembina Utama Madya"),
    ("HENDRA WIJAYA, S.Sos., M.Si.", "Pembina"),
    ("Dra. SRI WAHYUNINGSIH, M.M.", "Pembina Tingkat I"),
    ("Dr. YUSUF HIDAYAT, S.E., M.Ak.", "Pembina Utama Muda"),
    ("NURUL HASANAH, S.H., M.H.", "Penata Tingkat I"),
    ("AGUS SETIAWAN, S.T.", "Penata"),
]
HELDOUT_OFFICIALS = [
    ("Dr. Ir. Hj. Siti Rahmawati, M.Si.", "Pembina Utama Muda (IV/c)"),
    ("Muhammad Iqbal Fauzi, S.Kom., M.T.", "Pembina (IV/a)"),
    ("Ni Made Ayu Lestari, S.E.", "Penata Tk. I (III/d)"),
    ("Yohanes Bosco Tarigan, S.IP., M.AP.", "Pembina Tk. I (IV/b)"),
]
CITIZENS = [
    "Sutrisno",
    "Siti Aminah",
    "Budi Hartono",
    "Wahyu Nugroho",
    "Dewi Lestari",
    "Joko Susilo",
    "Rahmat Hidayat",
    "Fitriani",
    "Agus Salim",
    "Maria Ulfa",
]
CITIZENS_HELDOUT = [
    "Yulianti Pratiwi",
    "Gede Wirawan",
    "Ahmad Fauzan Nasution",
    "Theresia Manurung",
    "Slamet Riyadi",
]
ADDRESSEES = [
    "Bupati Contoh",
    "Sekretaris Daerah Kabupaten Contoh",
    "Kepala Perangkat Daerah se-Kabupaten Contoh",
    "Camat se-Kabupaten Contoh",
    "Kepala Bagian Umum Sekretariat Daerah Kabupaten Contoh",
]
SIFAT = ["Biasa", "Biasa", "Segera", "Sangat Segera", "Penting"]


@dataclass
class Letter:
    """One letter's true content: the generator writes the text from it and the truth JSON."""

    kind: str
    topic: tuple[str, str, str]
    sender: Sender | None
    nomor: str | None
    tanggal: date
    place: str
    sifat: str | None
    lampiran: str | None
    perihal: str | None
    tujuan: str | None
    signer: tuple[str, str] | None
    nip: str | None
    body: list[str]
    title: list[str] = field(default_factory=list)  # title block lines (SE, SK, ST, SKet, BA)
    acara: dict | None = None
    amounts: list[int] = field(default_factory=list)
    pii: list[dict] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)  # nota dinas header table
    date_at_bottom: bool = False
    footer: list[str] = field(default_factory=list)


# --- identifiers -------------------------------------------------------------------------
def district_codes() -> list[str]:
    with open(REPO / "data/regions/regions-2025.csv", encoding="utf-8") as handle:
        return [row["code"].replace(".", "") for row in csv.DictReader(handle) if row["code"].count(".") == 2]


DISTRICTS: list[str] = []


def make_nik(rng: random.Random) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return (
        f"{rng.choice(DISTRICTS)}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"
    )


def make_nip(rng: random.Random) -> str:
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 25))
    appointed = born.year + rng.randrange(22, 30)
    return f"{born:%Y%m%d}{appointed}{rng.randrange(1, 13):02d}{rng.choice('12')}{rng.randrange(1, 999):03d}"


def spaced_nip(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def make_phone(rng: random.Random) -> str:
    return f"08{rng.choice('1235789')}{rng.randrange(0, 10)}-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"


def rupiah(value: int) -> str:
    return f"Rp{value:,.0f}".replace(",", ".") + ",00"


# --- dates -------------------------------------------------------------------------------
def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def heldout_date(rng: random.Random, day: date) -> str:
    return rng.choice(
        [
            f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}",
            f"{day.day} {MONTHS_SHORT[day.month - 1]}. {day.year}",
            f"{day.day}-{day.month}-{day.year}",
            f"{day.day:02d}/{day.month:02d}/{day.year}",
            f"{day.day}  {MONTHS[day.month - 1]}  {day.year}",
        ]
    )


# --- nomor -------------------------------------------------------------------------------
def make_nomor(rng: random.Random, sender: Sender, code: str, day: date, *, heldout: bool) -> str:
    seq = rng.randrange(1, 2500)
    if sender.style == "central":
        if heldout:
            return f"B-{seq}/{sender.abbr}/{day.month:02d}{day.year % 100:02d}/{rng.randrange(1, 99):02d}"
        return f"B-{seq}/{sender.abbr}/{day.month:02d}/{day.year}"
    if sender.style == "association":
        return f"{rng.randrange(1, 90)}/{sender.abbr}/{ROMAN[day.month - 1]}/{day.year}"
    if heldout:
        return rng.choice(
            [
                f"{code}/{seq}/{sender.abbr}/{day.year}",
                f"{code}/{seq}/{sender.abbr}/{ROMAN[day.month - 1]}/{day.year}",
                f"{code}/{seq:04d}/{sender.abbr}",
            ]
        )
    return f"{code}/{seq}/{sender.abbr}/{day.year}"


# --- the kinds of letters -------------------------------------------------------------------
def sign(rng: random.Random, heldout: bool) -> tuple[tuple[str, str], str]:
    return rng.choice(HELDOUT_OFFICIALS if heldout else OFFICIALS), make_nip(rng)


def compose(rng: random.Random, kind: str, *, heldout: bool) -> Letter:
    senders = HELDOUT_SENDERS if heldout else SENDERS
    topic = rng.choice(TOPICS)
    code, _unit, subject = topic
    sender = rng.choice(
        senders[:3]
        if kind
        in (
            "nota_dinas",
            "surat_keputusan",
            "surat_edaran",
            "surat_tugas",
            "surat_keterangan",
            "berita_acara",
        )
        else senders
    )
    day = date(2024, 1, 2) + timedelta(days=rng.randrange(0, 640))
    nomor = make_nomor(rng, sender, code, day, heldout=heldout)
    signer, nip = sign(rng, heldout)
    addressee = rng.choice(ADDRESSEES).replace("Contoh", "Kota Lain" if heldout else "Contoh")
    letter = Letter(
        kind,
        topic,
        sender,
        nomor,
        day,
        sender.place,
        rng.choice(SIFAT),
        rng.choice(["-", "1 (satu) berkas", "2 (dua) lembar"]),
        None,
        addressee,
        signer,
        nip,
        [],
    )
    letter.pii.append({"kind": "nip", "value": nip})
    event = day + timedelta(days=rng.randrange(3, 20))
    hour = rng.choice(["08.00", "09.00", "09.30", "13.00", "14.00"])
    if kind == "surat_undangan":
        activity = rng.choice(["Rapat Koordinasi", "Sosialisasi", "Rapat Pembahasan", "Bimbingan Teknis"])
        letter.perihal = (
            f"Undangan {activity} {subject}" if not heldout or rng.random() < 0.5 else f"{activity} {subject}"
        )
        letter.acara = {"date": event.isoformat(), "time": hour.replace(".", ":")}
        opening = "Dalam rangka" if not heldout else "Sehubungan dengan"
        asking = (
            "kami mengundang Bapak/Ibu untuk hadir pada"
            if not heldout
            else "kami mengharapkan kehadiran Saudara pada"
        )
        letter.body = [
            f"{opening} {activity.lower()} {subject.lower()}, {asking}:",
            f"Hari/tanggal : {DAYS[event.weekday()]}, {long_date(event) if not heldout else heldout_date(rng, event)}",
            f"Pukul : {hour} WIB s.d. selesai",
            f"Tempat : {rng.choice(['Ruang Rapat Lantai 2', 'Aula Kantor Bupati', 'Pendopo Kabupaten', 'Hotel Sahid Jaya'])}",
            "Demikian undangan ini disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
        ]
    elif kind == "surat_permohonan":
        request = rng.choice(["Data", "Narasumber", "Bantuan Anggaran", "Fasilitasi"])
        letter.perihal = (
            f"Permohonan {request} {subject}"
            if not heldout or rng.random() < 0.5
            else f"Mohon {request} {subject}"
        )
        deadline = day + timedelta(days=rng.randrange(5, 25))
        letter.acara = {"date": deadline.isoformat()}
        amount = rng.randrange(5, 400) * 500_000
        letter.amounts = [amount] if request == "Bantuan Anggaran" else []
        letter.body = [
            f"Sehubungan dengan pelaksanaan kegiatan {subject.lower()}, dengan ini kami mohon {request.lower()} sebagaimana terlampir.",
            f"Kebutuhan anggaran diperkirakan sebesar {rupiah(amount)} ({'bersumber dari APBD'})."
            if letter.amounts
            else "Data tersebut diperlukan sebagai bahan penyusunan laporan.",
            f"Kami harapkan tanggapan paling lambat tanggal {long_date(deadline)}.",
            "Demikian permohonan ini kami sampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
        ]
    elif kind == "nota_dinas":
        letter.perihal = f"Penyampaian Bahan {subject}"
        letter.table = [
            ("Kepada", f"Yth. {addressee}"),
            ("Dari", signer_title(sender)),
            ("Tembusan", "-"),
            ("Tanggal", long_date(day) if not heldout else heldout_date(rng, day)),
            ("Nomor", nomor),
            ("Sifat", letter.sifat or "Biasa"),
            ("Lampiran", letter.lampiran or "-"),
            ("Hal", letter.perihal),
        ]
        letter.pengirim_override = signer_title(sender)  # type: ignore[attr-defined]
        letter.tujuan = addressee
        letter.body = [
            f"Bersama ini kami sampaikan bahan {subject.lower()} untuk digunakan sebagaimana mestinya.",
            "Mohon arahan Bapak lebih lanjut.",
        ]
    elif kind == "surat_edaran":
        letter.title = ["SURAT EDARAN", f"NOMOR {nomor}", "TENTANG", subject.upper()]
        letter.perihal = subject.upper()
        letter.sifat = letter.lampiran = None
        letter.body = [
            f"Dalam rangka {subject.lower()}, bersama ini diminta kepada seluruh perangkat daerah agar:",
            "1. menyusun rencana aksi dan menyampaikannya kepada Sekretaris Daerah;",
            "2. melaporkan pelaksanaannya setiap bulan.",
            "Demikian surat edaran ini untuk dilaksanakan dengan penuh tanggung jawab.",
        ]
        letter.date_at_bottom = True
    elif kind == "surat_keputusan":
        head = signer_title(sender).upper()
        letter.title = [
            f"KEPUTUSAN {head}",
            f"NOMOR {nomor}" if not heldout else f"NOMOR {rng.randrange(1, 300)} TAHUN {day.year}",
            "TENTANG",
            f"PEMBENTUKAN TIM {subject.upper()}",
        ]
        if heldout:
            letter.nomor = letter.title[1].replace("NOMOR ", "").replace("TAHUN", "Tahun")
        letter.perihal = f"PEMBENTUKAN TIM {subject.upper()}"
        letter.sifat = letter.lampiran = None
        letter.tujuan = None
        letter.body = [
            f"{head},",
            f"Menimbang : bahwa untuk kelancaran {subject.lower()} perlu dibentuk tim;",
            "Mengingat : Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
            "MEMUTUSKAN:",
            f"Menetapkan : KEPUTUSAN {head} TENTANG PEMBENTUKAN TIM {subject.upper()}.",
            f"KESATU : Membentuk Tim {subject} dengan susunan sebagaimana tercantum dalam Lampiran.",
            "KEDUA : Keputusan ini mulai berlaku pada tanggal ditetapkan.",
        ]
        letter.footer = [
            f"Ditetapkan di {sender.place}",
            f"pada tanggal {long_date(day) if not heldout else heldout_date(rng, day)}",
        ]
    elif kind == "surat_tugas":
        staff = [
            (rng.choice(CITIZENS_HELDOUT if heldout else CITIZENS), make_nip(rng))
            for _ in range(rng.randrange(1, 3))
        ]
        letter.title = ["SURAT TUGAS", f"NOMOR {nomor}"]
        letter.perihal = letter.sifat = letter.lampiran = letter.tujuan = None
        letter.body = ["Dasar : Dokumen Pelaksanaan Anggaran Tahun Anggaran berjalan.", "MENUGASKAN:"]
        for index, (name, nip_staff) in enumerate(staff, start=1):
            letter.body += [f"{index}. Nama : {name}", f"   NIP : {spaced_nip(nip_staff)}"]
            letter.pii += [{"kind": "nama", "value": name}, {"kind": "nip", "value": nip_staff}]
        letter.body.append(
            f"Untuk : melaksanakan monitoring {subject.lower()} pada tanggal {long_date(day + timedelta(days=3))}."
        )
        letter.date_at_bottom = True
    elif kind == "surat_keterangan":
        name, nik = rng.choice(CITIZENS_HELDOUT if heldout else CITIZENS), make_nik(rng)
        letter.title = ["SURAT KETERANGAN", f"Nomor : {nomor}"]
        letter.perihal = letter.sifat = letter.lampiran = letter.tujuan = None
        kk = make_nik(rng)  # a KK number has the NIK's shape: a trap for a naive NIK finder
        letter.body = [
            "Yang bertanda tangan di bawah ini menerangkan bahwa:",
            f"Nama : {name}",
            f"NIK : {nik}",
            f"Nomor KK : {kk}",
            f"Alamat : Dusun Krajan RT 00{rng.randrange(1, 9)} RW 00{rng.randrange(1, 9)}, Desa Sukamaju",
            f"adalah benar warga kami yang terdaftar sebagai penerima manfaat {subject.lower()}.",
            "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
        ]
        letter.pii += [
            {"kind": "nama", "value": name},
            {"kind": "nik", "value": nik},
            {"kind": "kk", "value": kk},
        ]
        letter.date_at_bottom = True
    elif kind == "laporan":
        letter.perihal = f"Laporan {rng.choice(['Pelaksanaan', 'Hasil', 'Perkembangan'])} {subject}"
        amount = rng.randrange(10, 900) * 1_000_000
        letter.amounts = [amount]
        letter.body = [
            f"Bersama ini kami sampaikan laporan {subject.lower()} sampai dengan akhir bulan {MONTHS[day.month - 1]} {day.year}.",
            f"Realisasi anggaran kegiatan mencapai {rupiah(amount)}.",
            "Demikian laporan ini kami sampaikan untuk menjadi bahan periksa.",
        ]
    elif kind == "berita_acara":
        letter.title = [
            f"BERITA ACARA SERAH TERIMA {rng.choice(['BARANG', 'PEKERJAAN', 'DOKUMEN'])}",
            f"Nomor : {nomor}",
        ]
        letter.perihal = letter.sifat = letter.lampiran = letter.tujuan = None
        amount = rng.randrange(10, 500) * 1_000_000
        letter.amounts = [amount]
        letter.body = [
            f"Pada hari ini {DAYS[day.weekday()]} tanggal {long_date(day)}, kami yang bertanda tangan di bawah ini telah melaksanakan serah terima hasil kegiatan {subject.lower()}.",
            f"Nilai pekerjaan sebesar {rupiah(amount)} telah diperiksa dan diterima dengan baik.",
            "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.",
        ]
        letter.date_at_bottom = True
    elif kind == "pengaduan":
        name, nik, phone = (
            rng.choice(CITIZENS_HELDOUT if heldout else CITIZENS),
            make_nik(rng),
            make_phone(rng),
        )
        user = name.lower().replace(" ", ".")
        email = f"{user}{rng.randrange(1, 99)}@{rng.choice(['gmail.com', 'yahoo.co.id'])}"
        letter.sender = None
        letter.nomor = None
        letter.signer, letter.nip = (name, ""), None
        letter.pii = [
            {"kind": "nama", "value": name},
            {"kind": "nik", "value": nik},
            {"kind": "telepon", "value": phone.replace("-", "")},
            {"kind": "email", "value": email},
        ]
        issue = rng.choice(["Pelayanan yang Lambat", "Pungutan di Luar Ketentuan", "Kerusakan Fasilitas"])
        letter.perihal = f"Pengaduan {issue} {subject}" if not heldout else f"Keluhan {issue}"
        letter.place = (
            rng.choice(["Sukamaju", "Contoh", "Karanganyar"])
            if not heldout
            else rng.choice(["Kota Lain", "Seberang"])
        )
        letter.sifat = letter.lampiran = None
        letter.tujuan = "Bupati Contoh" if not heldout else "Wali Kota Kota Lain"
        letter.body = [
            "Dengan hormat,",
            "Saya yang bertanda tangan di bawah ini:",
            f"Nama : {name}",
            f"NIK : {nik}",
            f"No. HP : {phone}",
            f"E-mail : {email}",
            f"menyampaikan pengaduan mengenai {issue.lower()} terkait {subject.lower()} di wilayah kami.",
            f"Bukti pembayaran nomor transaksi {rng.randrange(10**15, 10**16)} terlampir.",
            "Mohon kiranya Bapak berkenan menindaklanjuti pengaduan ini.",
        ]
    elif kind == "surat_pemberitahuan":
        letter.perihal = f"Pemberitahuan {subject}" if not heldout else f"Informasi Jadwal {subject}"
        letter.body = [
            f"Dengan ini kami beritahukan bahwa kegiatan {subject.lower()} akan dilaksanakan mulai tanggal {long_date(day + timedelta(days=7))}.",
            "Demikian untuk menjadi perhatian.",
        ]
    return letter


def signer_title(sender: Sender) -> str:
    return sender.leader


KINDS = [
    "surat_undangan", "surat_undangan", "surat_permohonan", "surat_permohonan", "nota_dinas", "surat_edaran",
    "surat_keputusan", "surat_tugas", "surat_keterangan", "laporan", "berita_acara", "pengaduan", "surat_pemberitahuan",
]  # fmt: skip


# --- text lines of a letter (layout-independent) -------------------------------------------
def header_lines(letter: Letter, rng: random.Random, heldout: bool) -> list[tuple[str, str]]:
    """(alignment, text) lines; alignment is c(enter), l(eft), r(ight), b(old centre)."""
    lines: list[tuple[str, str]] = []
    if letter.sender is not None:
        for line in letter.sender.kop:
            lines.append(("b", line))
        lines.append(("c", letter.sender.address))
        lines.append(("rule", ""))
    date_text = long_date(letter.tanggal) if not heldout else heldout_date(rng, letter.tanggal)
    date_line = f"{letter.place}, {date_text}"
    if letter.title:
        for line in letter.title:
            lines.append(("b", line))
        lines.append(("", ""))
        if letter.kind == "surat_edaran":
            lines.append(("l", f"Yth. {letter.tujuan}"))
            lines.append(("", ""))
    elif letter.table:
        lines.append(("b", "NOTA DINAS"))
        for label, value in letter.table:
            lines.append(("l", f"{label:<9}: {value}"))
        lines.append(("rule", ""))
    else:
        if not letter.date_at_bottom:
            lines.append(("r", date_line))
        if letter.nomor:
            lines.append(
                ("l", f"{'Nomor' if not heldout else rng.choice(['Nomor', 'No.', 'Nomor'])} : {letter.nomor}")
            )
        if letter.sifat:
            lines.append(("l", f"Sifat : {letter.sifat}"))
        if letter.lampiran:
            lines.append(
                (
                    "l",
                    f"{'Lampiran' if not heldout else rng.choice(['Lampiran', 'Lamp.'])} : {letter.lampiran}",
                )
            )
        if letter.perihal:
            lines.append(
                ("l", f"{'Hal' if not heldout else rng.choice(['Hal', 'Perihal'])} : {letter.perihal}")
            )
        lines.append(("", ""))
        if letter.tujuan:
            if heldout and rng.random() < 0.5:
                lines += [
                    ("l", "Kepada"),
                    ("l", f"Yth. {letter.tujuan}"),
                    ("l", "di -"),
                    ("l", "      Tempat"),
                ]
            else:
                lines += [("l", f"Yth. {letter.tujuan}"), ("l", "di Tempat")]
        lines.append(("", ""))
    return lines


def body_lines(letter: Letter) -> list[tuple[str, str]]:
    opening = (
        []
        if letter.kind
        in ("surat_keputusan", "surat_tugas", "surat_keterangan", "berita_acara", "pengaduan", "surat_edaran")
        else [("l", "Dengan hormat,")]
    )
    return opening + [("p", line) for line in letter.body] + [("", "")]


def signature_lines(letter: Letter, rng: random.Random, heldout: bool) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    if letter.footer:
        lines += [("s", line) for line in letter.footer]
    elif letter.date_at_bottom or letter.sender is None:
        lines.append(
            (
                "s",
                f"{letter.place}, {long_date(letter.tanggal) if not heldout else heldout_date(rng, letter.tanggal)}",
            )
        )
    if letter.sender is not None and letter.signer:
        lines.append(("s", f"{letter.sender.leader},"))
        lines += [("", ""), ("", "")]
        lines.append(("s", letter.signer[0]))
        lines.append(("s", letter.signer[1]))
        if letter.nip:
            lines.append(
                (
                    "s",
                    f"NIP {spaced_nip(letter.nip)}"
                    if not heldout
                    else f"NIP. {letter.nip if rng.random() < 0.5 else spaced_nip(letter.nip)}",
                )
            )
    elif letter.signer:
        lines += [("s", "Hormat saya,"), ("", ""), ("", ""), ("s", letter.signer[0])]
    if letter.kind not in ("pengaduan",) and rng.random() < 0.4:
        lines += [("", ""), ("l", "Tembusan:"), ("l", "1. Sekretaris Daerah;"), ("l", "2. Arsip.")]
    return lines


def all_lines(letter: Letter, rng: random.Random, heldout: bool) -> list[tuple[str, str]]:
    return header_lines(letter, rng, heldout) + body_lines(letter) + signature_lines(letter, rng, heldout)


# --- renderers -----------------------------------------------------------------------------
def render_pdf(lines: list[tuple[str, str]], *, heldout: bool) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    left, right = 70, width - 60
    y = height - 55
    font, bold = ("Times-Roman", "Times-Bold") if heldout else ("Helvetica", "Helvetica-Bold")
    for alignment, text in lines:
        if y < 60:
            page.showPage()
            y = height - 60
        if alignment == "rule":
            page.setLineWidth(1.5)
            page.line(left, y + 6, right, y + 6)
            y -= 10
            continue
        size = 12 if alignment == "b" else 11
        page.setFont(bold if alignment == "b" else font, size)
        if alignment in ("b", "c"):
            for part in simpleSplit(text, bold if alignment == "b" else font, size, right - left):
                page.drawCentredString((left + right) / 2, y, part)
                y -= size + 3
        elif alignment == "r":
            page.drawRightString(right, y, text)
            y -= 15
        elif alignment == "s":
            for part in simpleSplit(text, font, size, right - width / 2 - 20):
                page.drawString(width / 2 + 20, y, part)
                y -= 14
        elif alignment == "p":
            for part in simpleSplit(text, font, size, right - left):
                page.drawString(left, y, part)
                y -= 14
            y -= 3
        else:
            for part in simpleSplit(text, font, size, right - left):
                page.drawString(left, y, part)
                y -= 14
    page.save()
    return buffer.getvalue()


def render_docx(lines: list[tuple[str, str]], *, heldout: bool) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    in_header = not heldout
    target = document.sections[0].header
    table = None
    for alignment, text in lines:
        if alignment == "rule":
            in_header = False
            target = document
            continue
        if in_header:
            paragraph = target.add_paragraph(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        label, sep, value = text.partition(" : ")
        if (
            alignment == "l"
            and sep
            and label.strip() in ("Nomor", "No.", "Sifat", "Lampiran", "Lamp.", "Hal", "Perihal")
            and not heldout
        ):
            if table is None:
                table = document.add_table(rows=0, cols=2)
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label.strip(), f": {value}"
            continue
        paragraph = document.add_paragraph(text.replace(" : ", "\t: ") if heldout else text)
        if alignment in ("b", "c"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif alignment in ("r", "s"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if alignment == "r" else WD_ALIGN_PARAGRAPH.LEFT
            if alignment == "s":
                paragraph.paragraph_format.left_indent = docx.shared.Cm(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(raw: bytes) -> bytes:
    """Same content, same bytes: fixed timestamps inside the DOCX archive."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def scan(pdf: bytes, rng: random.Random, *, heldout: bool, dpi: int = 200):  # type: ignore[no-untyped-def]
    """The first page as a scanner or phone camera would give it: skew, blur, noise, maybe on its side."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    document.close()
    angle = rng.uniform(-1.8, 1.8) if not heldout else rng.uniform(-2.5, 2.5)
    image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9 if not heldout else 1.1)))
    noise = Image.effect_noise(image.size, rng.uniform(10, 25 if not heldout else 32)).point(
        lambda v: 0 if v < 28 else 255
    )
    image = Image.composite(image, noise.point(lambda v: 110), noise)  # sparse dark specks
    image = image.point(lambda v: min(255, int(v * 0.92 + 18)))  # greyish paper
    turn = rng.random()
    if turn < 0.07:
        image = image.rotate(180, expand=True)
        image.info["turned"] = 180
    elif turn < 0.12:
        image = image.rotate(90, expand=True)
        image.info["turned"] = 90
    return image


def save_scanned_pdf(image, rng: random.Random) -> bytes:  # type: ignore[no-untyped-def]
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=rng.randrange(35, 60), optimize=True)
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(jpeg.getvalue())).save(buffer, "PDF", resolution=200.0)
    # the same seed gives the same bytes: a fixed date of the same length (xref offsets stay right)
    return re.sub(rb"\(D:\d{14}Z\)", b"(D:20240101000000Z)", buffer.getvalue())


def save_image(image, rng: random.Random) -> tuple[bytes, str]:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    if rng.random() < 0.75:
        image.save(buffer, "JPEG", quality=rng.randrange(35, 65), optimize=True)
        return buffer.getvalue(), "jpg"
    image.quantize(16).save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), "png"


# --- truth -------------------------------------------------------------------------------
def truth(letter: Letter, name: str, rendering: str, family: str) -> dict:
    sender = letter.sender
    pengirim = getattr(letter, "pengirim_override", None) or (
        next((line for line in sender.kop if not line.startswith("PEMERINTAH")), sender.kop[0])
        if sender
        else letter.signer[0]
        if letter.signer
        else None
    )
    record: dict = {
        "file": name,
        "rendering": rendering,
        "family": family,
        "type": letter.kind,
        "classification": letter.topic[0],
        "unit": letter.topic[1],
        "tanggal": letter.tanggal.isoformat(),
        "pengirim": pengirim,
        "penandatangan": letter.signer[0] if letter.signer else None,
        "pii": letter.pii,
    }
    optional = {
        "nomor_surat": letter.nomor,
        "perihal": letter.perihal,
        "tujuan": letter.tujuan,
        "sifat": letter.sifat,
        "lampiran": letter.lampiran,
        "nip": letter.nip,
        "acara": letter.acara,
        "jumlah_rupiah": letter.amounts or None,
    }
    record.update({key: value for key, value in optional.items() if value})
    return record


def generate(out: Path, *, heldout: bool, counts: dict[str, int], seed: int) -> int:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    family = "heldout-v1" if heldout else "dev-v1"
    written = 0
    for rendering, count in counts.items():
        for index in range(count):
            kind = KINDS[(index + written) % len(KINDS)] if rng.random() < 0.8 else rng.choice(KINDS)
            letter = compose(rng, kind, heldout=heldout)
            lines = all_lines(letter, rng, heldout)
            stem = f"{'h' if heldout else 'd'}{written + 1:03d}-{kind.replace('_', '-')}"
            if rendering == "digital":
                name, raw = f"{stem}.pdf", render_pdf(lines, heldout=heldout)
            elif rendering == "docx":
                name, raw = f"{stem}.docx", render_docx(lines, heldout=heldout)
            elif rendering == "scanned":
                page = scan(render_pdf(lines, heldout=heldout), rng, heldout=heldout)
                name, raw = f"{stem}-scan.pdf", save_scanned_pdf(page, rng)
            else:
                page = scan(render_pdf(lines, heldout=heldout), rng, heldout=heldout)
                raw, extension = save_image(page, rng)
                name = f"{stem}-foto.{extension}"
            (out / name).write_bytes(raw)
            record = truth(letter, name, rendering, family)
            if rendering in ("scanned", "image"):
                record["page_turned"] = page.info.get("turned", 0)  # 90 or 180: the page lies on its side
            (out / f"{Path(name).stem}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            written += 1
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "data/eval/letters")
    args = parser.parse_args(argv)
    DISTRICTS.extend(district_codes())
    for old in list(args.out.glob("*.*")) + list((args.out / "heldout").glob("*.*")):
        if old.suffix in (".pdf", ".docx", ".json", ".jpg", ".png"):
            old.unlink()
    dev = generate(
        args.out, heldout=False, counts={"digital": 60, "scanned": 25, "docx": 20, "image": 15}, seed=20240312
    )
    held = generate(
        args.out / "heldout",
        heldout=True,
        counts={"digital": 30, "scanned": 12, "docx": 10, "image": 8},
        seed=20251017,
    )
    size = sum(path.stat().st_size for path in args.out.rglob("*") if path.is_file())
    print(f"{dev} dev + {held} held-out letters, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
