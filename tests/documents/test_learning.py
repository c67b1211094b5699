"""The learned type model's confidence: calibrated by a temperature fitted on confirmed letters."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from pamong.documents import learning
from pamong.documents.functions import get

SHARED = "rapat koordinasi kegiatan desa kecamatan pelaksanaan program anggaran sekretariat daerah kabupaten"


def two_close_types() -> tuple[list[str], list[str]]:
    """Invitations and notices that share most words; a few confirmed letters carry the other's words."""
    texts, labels = [], []
    for n in range(8):
        texts.append(f"{SHARED} hadir acara undangan" + (" jadwal" if n % 2 else ""))
        labels.append("surat_undangan")
        texts.append(f"{SHARED} informasi perubahan pemberitahuan" + (" jadwal" if n % 3 else ""))
        labels.append("pemberitahuan")
    ambiguous = {
        "hadir acara": "pemberitahuan",
        "acara hadir jadwal": "pemberitahuan",
        "informasi perubahan": "surat_undangan",
        "hadir acara informasi": "pemberitahuan",
    }
    for words, label in ambiguous.items():
        texts.append(f"{SHARED} {words}")
        labels.append(label)
    return texts, labels


def test_a_wrong_leaning_letter_falls_below_the_threshold_and_a_clear_one_stays_above() -> None:
    texts, labels = two_close_types()
    calibrated = learning.fit("type", texts, labels)
    raw = learning.fit("type", texts, labels, calibrate=False)
    threshold = get("documents.type").card.threshold
    assert threshold == 0.6 and raw.temperature == 1.0
    assert calibrated.temperature == pytest.approx(2.46)

    leaning = f"{SHARED} hadir informasi"  # an invitation's word beside a notice's
    assert raw.predict(leaning)[0][0] == ("pemberitahuan", pytest.approx(0.6861))  # would register alone
    assert calibrated.predict(leaning)[0][0] == ("pemberitahuan", pytest.approx(0.5788))
    assert calibrated.predict(leaning)[0][0][1] < threshold

    clear = f"{SHARED} undangan hadir acara undangan"
    assert calibrated.predict(clear)[0][0] == ("surat_undangan", pytest.approx(0.9627))
    assert calibrated.predict(clear)[0][0][1] >= threshold
    assert calibrated.version != raw.version


def test_a_model_file_written_before_the_temperature_still_loads_as_uncalibrated() -> None:
    texts, labels = two_close_types()
    raw = learning.fit("type", texts, labels, calibrate=False)
    old = asdict(raw)
    del old["temperature"]
    path = learning.model_path("type")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(old), encoding="utf-8")

    loaded = learning.load("type")
    assert loaded is not None and loaded.temperature == 1.0
    assert loaded.version == raw.version  # the version it had before calibration existed
    leaning = f"{SHARED} hadir informasi"
    assert loaded.predict(leaning)[0][0] == ("pemberitahuan", pytest.approx(0.6861))
