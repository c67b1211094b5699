"""Demo cases: a router trained on the demo history and a few weeks of complaints in every state.

Everything is generated (seeded) and marked with the channel ``demo``; nothing is a real
complaint. Cases go through the real actions at past moments (``casetime.at``), so the
history, SLA figures and the dashboard look like a working office.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from pamong.cases import actions, casetime, training
from pamong.cases.models import Case, HistoryExample
from pamong.cases.reference import load_categories
from pamong.cases.triage import triage
from pamong.cases.workflow import Status

DEMO_CHANNEL = "demo"
HISTORY_FILE = "cases/demo-history.csv"
COMPLAINTS = [
    ("Jalan menuju pasar rusak parah dan berlubang, motor sering jatuh kalau malam", "infrastruktur"),
    ("Lampu penerangan jalan di depan sekolah mati sudah dua minggu, jalan gelap", "perhubungan"),
    ("Sampah di pinggir jalan dekat jembatan tidak diangkut lebih dari seminggu, bau sekali", "lingkungan"),
    ("KTP-el saya belum jadi padahal sudah rekam tiga bulan lalu, katanya blangko habis", "kependudukan"),
    ("Ibu saya lansia tidak pernah dapat bantuan sosial padahal hidup sendiri dan tidak bekerja", "sosial"),
    ("Puskesmas tutup jam 11 padahal jadwalnya sampai jam 2 siang", "kesehatan"),
    ("Sekolah meminta uang seragam dan buku yang mahal kepada orang tua murid baru", "pendidikan"),
    ("Pedagang berjualan di trotoar sampai pejalan kaki harus turun ke jalan raya", "ketertiban"),
    ("Ada pungutan Rp50.000 saat mengurus surat pengantar di kantor desa", "pungli-korupsi"),
    ("Air PDAM tidak mengalir sejak lima hari, warga terpaksa beli air galon", "air-sanitasi"),
    ("Banjir merendam rumah warga setinggi lutut sejak semalam, ada lansia yang belum dievakuasi", "bencana"),
    ("Tagihan PBB rumah kami naik dua kali lipat tanpa pemberitahuan", "pajak-daerah"),
    ("Saluran air depan rumah mampet sehingga jalan tergenang setiap hujan", "infrastruktur"),
    ("Truk sampah tidak lewat lagi di perumahan kami sejak awal bulan", "lingkungan"),
    ("Perusahaan tempat saya bekerja membayar upah di bawah UMK", "ketenagakerjaan"),
    ("Tolong dibuatkan taman bermain anak di lahan kosong milik desa", ""),
    ("Jembatan kayu penghubung dua dusun sudah lapuk dan miring, anak sekolah takut lewat", "infrastruktur"),
    ("Petugas di loket pelayanan bersikap kasar dan menyuruh kembali besok tanpa alasan", "kepegawaian"),
]
# (weight, how far the case got): the mix of a working office over a few weeks.
OUTCOMES = [
    (30, "resolved"),
    (8, "late"),
    (10, "closed"),
    (22, "in_progress"),
    (18, "waiting"),
    (12, "verify"),
]


def _officer_of(case: Case) -> User | None:
    return case.unit.members.order_by("id").first() if case.unit else None


def _moment(start: datetime, days: float) -> datetime:
    return start + timedelta(days=days)


def _play(case: Case, outcome: str, start: datetime, rng: random.Random) -> None:
    """Take one case as far as ``outcome`` at plausible past moments."""
    officer = _officer_of(case) or User.objects.filter(is_superuser=True).first()
    if outcome == "waiting" or officer is None or case.unit is None:
        return
    with casetime.at(_moment(start, rng.uniform(0.2, 2.5))):
        actions.verify(case, actor=officer)
    if outcome == "verify":
        return
    with casetime.at(_moment(start, rng.uniform(2.6, 5))):
        actions.reply(
            case, actor=officer, text="Laporan Anda sedang kami tindak lanjuti; tim akan meninjau lokasi."
        )
        actions.start(case, actor=officer)
    if outcome == "in_progress":
        return
    took = rng.uniform(6, 40) if outcome != "late" else rng.uniform(70, 95)
    with casetime.at(_moment(start, took)):
        actions.resolve(
            case, actor=officer, resolution="Sudah ditangani oleh tim lapangan. Terima kasih atas laporannya."
        )
        if rng.random() < 0.6:
            actions.rate(case, score=rng.choice([3, 4, 4, 5, 5]))
    if outcome == "closed":
        with casetime.at(_moment(start, took + 10.5)):
            actions.close(case, actor="system", note="Ditutup otomatis 10 hari setelah selesai.")


def load(*, count: int = 60, seed: int = 2026) -> int:
    """Categories, the router's history and model, and ``count`` demo cases; skipped if already there."""
    load_categories(actor="demo-data")
    if not HistoryExample.objects.exists():
        training.import_history(settings.DATA_DIR / HISTORY_FILE, actor="demo-data")
    training.retrain(actor="demo-data")
    if Case.objects.filter(channel=DEMO_CHANNEL).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    villages = _villages()
    weights = [weight for weight, _ in OUTCOMES]
    now = timezone.now()
    for i in range(count):
        text, category = COMPLAINTS[i % len(COMPLAINTS)]
        start = now - timedelta(days=rng.uniform(1, 100), hours=rng.uniform(0, 8))
        outcome = rng.choices([name for _, name in OUTCOMES], weights)[0]
        data = {
            "kind": "complaint" if category else "aspiration",
            "description": text,
            "category": category,
            "region": rng.choice(villages),
            "anonymous": "yes" if i % 3 else "no",
            "name": "Warga Demo",
            "phone": f"0812{rng.randrange(10**7, 10**8)}",
        }
        with casetime.at(start):
            case = actions.submit_complaint(data, channel=DEMO_CHANNEL).case
            triage(case.pk)
        case.refresh_from_db()
        if outcome != "waiting" and case.unit is None and case.category and case.category.default_unit:
            with casetime.at(_moment(start, 1)):
                case = actions.reroute(
                    case, actor="supervisor", unit=case.category.default_unit, reason="Diverifikasi"
                )
        _play(Case.objects.get(pk=case.pk), outcome, start, rng)
    return count


def _villages() -> list[str]:
    from pamong.cases.regions_choice import region_groups

    return [code for _district, _name, villages in region_groups() for code, _village in villages]


def summary() -> dict[str, int]:
    """Counts by status of the demo cases (for the command's summary)."""
    counts: dict[str, int] = {}
    for status in Case.objects.filter(channel=DEMO_CHANNEL).values_list("status", flat=True):
        counts[Status(status).label] = counts.get(Status(status).label, 0) + 1
    return counts
