"""The kind of naskah dinas: title rules first, then the model learned from confirmed letters."""

from __future__ import annotations

import re

TYPES = {
    "surat_undangan": "Surat undangan",
    "surat_permohonan": "Surat permohonan",
    "nota_dinas": "Nota dinas",
    "surat_edaran": "Surat edaran",
    "surat_keputusan": "Surat keputusan",
    "surat_tugas": "Surat tugas",
    "surat_keterangan": "Surat keterangan",
    "laporan": "Laporan",
    "berita_acara": "Berita acara",
    "pengaduan": "Pengaduan",
    "surat_pemberitahuan": "Surat pemberitahuan",
}

# (pattern on the first lines, type, the rule as a clerk would say it)
TITLE_RULES = [
    (r"^\s*NOTA\s+DINAS\b", "nota_dinas", "judul 'NOTA DINAS'"),
    (r"^\s*SURAT\s+EDARAN\b", "surat_edaran", "judul 'SURAT EDARAN'"),
    (r"^\s*(?:KEPUTUSAN|SURAT\s+KEPUTUSAN)\b", "surat_keputusan", "judul 'KEPUTUSAN'"),
    (r"^\s*SURAT\s+(?:PERINTAH\s+)?TUGAS\b", "surat_tugas", "judul 'SURAT TUGAS'"),
    (r"^\s*SURAT\s+KETERANGAN\b", "surat_keterangan", "judul 'SURAT KETERANGAN'"),
    (r"^\s*BERITA\s+ACARA\b", "berita_acara", "judul 'BERITA ACARA'"),
    (r"^\s*LAPORAN\b", "laporan", "judul 'LAPORAN'"),
]
HAL_RULES = [
    (r"\bundangan\b", "surat_undangan", "perihal memuat 'undangan'"),
    (r"\bpengaduan\b|\bkeluhan\b|\baduan\b", "pengaduan", "perihal memuat 'pengaduan'"),
    (r"\bpermohonan\b|\bpermintaan\b", "surat_permohonan", "perihal memuat 'permohonan'"),
    (r"\blaporan\b", "laporan", "perihal memuat 'laporan'"),
    (r"\bpemberitahuan\b|\binformasi\b", "surat_pemberitahuan", "perihal memuat 'pemberitahuan'"),
]


def by_rules(text: str, perihal: str) -> tuple[str, str] | None:
    """(type, rule) from the title or the subject line, or None when no rule applies."""
    head = "\n".join(line for line in text.split("\n")[:40])
    for pattern, kind, why in TITLE_RULES:
        if re.search(pattern, head, re.MULTILINE):
            return kind, why
    for pattern, kind, why in HAL_RULES:
        if re.search(pattern, perihal, re.IGNORECASE):
            return kind, why
    return None
