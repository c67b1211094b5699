"""Write data/cases/demo-history.csv: synthetic past complaints with the unit that handled them.

Written for pamong (MIT): complaint phrasings of our own, combined with village names of
Kabupaten Demak from the shipped region table, so the demo's router has a history to
learn from. Deterministic (seeded). Not real complaints: real ones are evaluation-only.
Run: .venv/bin/python scripts/dev/make_demo_history.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PHRASES = {
    "dpupr": [
        "jalan di {desa} rusak parah banyak lubang, sudah setahun tidak diperbaiki",
        "jembatan kecil di {desa} retak dan miring, takut ambruk kalau dilewati truk",
        "saluran drainase depan rumah di {desa} mampet, air meluber ke jalan tiap hujan",
        "aspal jalan kabupaten arah {desa} mengelupas, motor sering jatuh",
        "mohon perbaikan jalan desa {desa} yang berlumpur dan tidak bisa dilewati",
        "gorong-gorong di {desa} ambles sehingga jalan terputus separuh",
        "pembangunan jalan beton di {desa} asal-asalan, baru dua bulan sudah retak",
        "the main road to {desa} is full of potholes, please repair it",
        "talud sungai di {desa} jebol, tanah pekarangan warga terkikis",
    ],
    "disdukcapil": [
        "sudah dua bulan KTP-el saya belum jadi, katanya blangko habis, saya tinggal di {desa}",
        "KK saya salah tulis nama ibu, sudah mengajukan perbaikan tapi belum selesai",
        "akta kelahiran anak saya belum terbit padahal berkas lengkap sejak bulan lalu",
        "antrean di kantor dukcapil sangat panjang, datang jam 7 tidak kebagian nomor",
        "data NIK saya tidak ditemukan saat daftar BPJS, mohon dibantu",
        "petugas perekaman KTP keliling tidak datang ke {desa} sesuai jadwal",
        "saya pindah ke {desa} tapi KK belum juga diterbitkan",
        "my ID card has been in process for months and is still not printed",
        "NIK anak saya ganda dengan orang lain, jadi tidak bisa daftar sekolah",
    ],
    "dinsos": [
        "keluarga miskin di {desa} tidak pernah dapat bansos padahal layak",
        "bantuan PKH ibu saya dihentikan tanpa pemberitahuan",
        "penerima BPNT di {desa} banyak yang mampu, yang miskin malah tidak dapat",
        "mohon nenek saya yang sebatang kara di {desa} didata sebagai penerima bantuan",
        "kartu sembako tidak bisa dipakai di e-warong sejak tiga bulan",
        "orang dengan gangguan jiwa di {desa} terlantar di jalan, mohon ditangani",
        "data DTKS keluarga kami salah sehingga tidak dapat bantuan",
        "my elderly neighbour has no income and gets no social assistance",
    ],
    "dlh": [
        "sampah menumpuk di pinggir jalan {desa} sudah seminggu tidak diangkut",
        "pabrik di dekat {desa} membuang limbah ke sungai, airnya hitam dan bau",
        "asap pembakaran sampah di {desa} mengganggu pernapasan warga",
        "TPS di {desa} penuh dan baunya menyengat sampai ke rumah warga",
        "truk sampah tidak lewat lagi di perumahan kami di {desa}",
        "ada penebangan pohon peneduh di {desa} tanpa izin",
        "garbage has not been collected in {desa} for two weeks",
    ],
    "dinkes": [
        "puskesmas di {desa} sering tutup sebelum jam pelayanan selesai",
        "obat di puskesmas kosong, pasien disuruh beli di apotek luar",
        "pelayanan bidan desa {desa} kasar kepada ibu hamil",
        "banyak warga {desa} terkena demam berdarah, mohon fogging",
        "ambulans desa tidak bisa dipakai padahal ada pasien",
        "petugas puskesmas meminta bayaran untuk surat keterangan sehat",
        "the health centre in {desa} has no doctor most days",
    ],
    "disdik": [
        "sekolah dasar di {desa} atapnya bocor dan hampir roboh",
        "anak saya tidak diterima di SMP terdekat padahal rumah kami dekat",
        "guru honorer di {desa} belum menerima gaji tiga bulan",
        "sekolah meminta sumbangan pembangunan yang memberatkan orang tua",
        "dana PIP anak saya tidak cair padahal namanya terdaftar",
        "kelas di SD {desa} kekurangan meja dan kursi",
        "the primary school in {desa} asks parents for money for uniforms",
    ],
    "dishub": [
        "lampu penerangan jalan di {desa} mati semua, jalan gelap rawan kejahatan",
        "parkir liar di depan pasar {desa} membuat macet",
        "rambu lalu lintas di pertigaan {desa} roboh",
        "angkutan umum ke {desa} sudah tidak beroperasi, warga kesulitan",
        "lampu lalu lintas di perempatan {desa} tidak menyala",
        "street lights along the road in {desa} have been off for weeks",
    ],
    "satpolpp": [
        "pedagang kaki lima berjualan di trotoar {desa} sampai menutup jalan",
        "ada tempat hiburan malam di {desa} yang buka sampai pagi dan berisik",
        "bangunan liar berdiri di bantaran sungai {desa}",
        "reklame dipasang sembarangan di pohon sepanjang jalan {desa}",
        "anak punk mangkal di perempatan {desa} dan meminta uang dengan paksa",
    ],
    "inspektorat": [
        "ada pungutan liar saat mengurus surat di kantor desa {desa}",
        "kepala desa {desa} diduga menyelewengkan dana desa",
        "petugas meminta uang pelicin agar berkas cepat selesai",
        "proyek pembangunan di {desa} diduga di-mark up anggarannya",
        "perangkat desa meminta imbalan untuk mencairkan bantuan",
        "someone at the village office asked me for a bribe",
    ],
    "disperkim": [
        "air PDAM di {desa} tidak mengalir sudah seminggu",
        "rumah tidak layak huni di {desa} belum dapat bantuan bedah rumah",
        "sumur warga {desa} kering, mohon bantuan air bersih",
        "jamban umum di {desa} rusak dan tidak bisa dipakai",
        "clean water supply in {desa} keeps stopping",
    ],
    "bpbd": [
        "banjir setinggi lutut merendam rumah warga {desa}",
        "tanggul sungai di {desa} hampir jebol, warga khawatir banjir",
        "rob air laut masuk ke permukiman {desa} tiap sore",
        "angin kencang merobohkan beberapa rumah di {desa}",
        "warga korban banjir di {desa} belum menerima bantuan logistik",
    ],
    "dpmptsp": [
        "pengurusan PBG di DPMPTSP sudah tiga bulan belum selesai",
        "izin usaha saya ditolak tanpa alasan yang jelas",
        "sistem OSS error terus saat saya mengajukan izin",
        "pabrik di {desa} beroperasi tanpa izin lingkungan",
    ],
    "bapenda": [
        "tagihan PBB rumah saya naik tiga kali lipat tanpa penjelasan",
        "SPPT PBB tahun ini tidak sampai ke rumah saya di {desa}",
        "sudah bayar PBB tapi masih tercatat menunggak",
        "proses validasi BPHTB lama sekali",
    ],
    "disnaker": [
        "perusahaan di {desa} membayar upah di bawah UMK",
        "saya di-PHK tanpa pesangon setelah bekerja lima tahun",
        "kartu kuning tidak bisa dicetak karena sistem gangguan",
        "pelatihan kerja di BLK dipungut biaya padahal katanya gratis",
    ],
    "dp3a": [
        "ada dugaan kekerasan dalam rumah tangga di rumah tetangga saya di {desa}",
        "anak di {desa} dipekerjakan dan tidak sekolah",
        "mohon pendampingan untuk korban pelecehan di {desa}",
        "perkawinan anak di bawah umur terjadi di {desa}",
    ],
}


def villages() -> list[str]:
    with open(REPO / "data/regions/regions-2025.csv", encoding="utf-8") as handle:
        return [
            (row["code"], row["name"])
            for row in csv.DictReader(handle)
            if row["code"].startswith("33.21.") and row["code"].count(".") == 3
        ]


def main() -> None:
    rng = random.Random(2026)  # noqa: S311 - seeded on purpose: the same demo history every run
    places = villages()
    rows = []
    for unit, phrases in PHRASES.items():
        for phrase in phrases:
            for _ in range(3):
                code, name = rng.choice(places)
                text = phrase.format(desa=name.title())
                if rng.random() < 0.3:
                    text = text[0].upper() + text[1:] + ". Mohon segera ditindaklanjuti."
                rows.append({"text": text, "unit": unit, "region": code})
    rng.shuffle(rows)
    path = REPO / "data/cases/demo-history.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "unit", "region"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
