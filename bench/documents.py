"""Benchmark the incoming-letter pipeline end to end, beside the reading it cannot avoid.

    .venv/bin/python bench/documents.py [--runs 3] [--scans 20]
    .venv/bin/python bench/documents.py --arrival

On a fresh SQLite database in a temporary folder (the embedded default: the pipeline runs
in process right after each upload commits), it receives the generated letters one by one
through ``documents.actions.receive`` (store the original, hash, sniff, read, run the six
AI functions, log their decisions, file) and reports documents per second:

- born-digital PDFs (dev and held-out), beside pypdfium2's text extraction alone on the
  same files (the reading any pipeline must do);
- scanned pages (scanned PDFs and photos), beside raw ``tesseract PAGE stdout -l ind``
  (one OpenMP thread, as pamong runs it) on the same page images: our overhead over OCR,
  straightening skewed pages included (``--no-straighten`` measures without it); the
  milliseconds finding the skew costs a page and how many pages were rotated are printed.

Each figure is the median of ``--runs`` runs; the documents are deleted between runs so
none is refused as a duplicate. ``os.getloadavg()`` is printed beside the figures.

``--ocr`` isolates the OCR step: on each upright scanned page in turn, raw tesseract,
``ocr.read_image`` reading the page as it came and ``ocr.read_image`` straightening it
first, in rotating order so all three see the same load; wall and CPU seconds (this
process and its tesseract children), split into pages straight already (only the skew
search is added) and pages that were rotated.

``--arrival`` measures the issue's "most arrive registered" instead (``documents.arrival``):
the held-out letters are dropped in as one mixed folder twice on the same fresh database,
first with no trained model (cold start, the baseline), then after the dev letters were
received, confirmed with their true values through the review queue's action and the
models retrained. Printed for each: the share registered automatically, how many of
those have nomor, date and type all right, the suggested dispositions and how many name
the true unit, and the letters waiting in review per reason.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
LETTERS = REPO / "data" / "eval" / "letters"


def setup(var_dir: str) -> None:
    os.environ.update({"PAMONG_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "pamong.settings"})
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    from django.conf import settings

    from pamong.core.units import load_units

    load_units(settings.DATA_DIR / "units" / "units-demo.csv", actor="bench")


def files(kind: str) -> list[Path]:
    folders = [LETTERS, LETTERS / "heldout"]
    if kind == "digital":
        return sorted(p for folder in folders for p in folder.glob("*.pdf") if not p.stem.endswith("-scan"))
    return sorted(
        p
        for folder in folders
        for p in [*folder.glob("*-scan.pdf"), *folder.glob("*-foto.jpg"), *folder.glob("*-foto.png")]
    )


def pipeline_run(paths: list[Path]) -> float:
    """Seconds to receive and process every file, then forget them (so the next run is fresh)."""
    from django.core.files.storage import default_storage

    from pamong.documents.actions import receive_path
    from pamong.documents.models import Document, State

    started = time.perf_counter()
    for path in paths:
        receive_path(path, source="cli", actor="bench")
    seconds = time.perf_counter() - started
    failed = Document.objects.filter(state=State.FAILED).count()
    if failed:
        print(f"  warning: {failed} documents failed", file=sys.stderr)
    for document in Document.objects.all():
        default_storage.delete(document.original.name)
    Document.objects.all().delete()
    return seconds


def text_layer_run(paths: list[Path]) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            page.get_textpage().get_text_bounded()
        pdf.close()
    return time.perf_counter() - started


def page_images(paths: list[Path], folder: Path) -> list[Path]:
    """The page image tesseract gets for each scan, made as the pipeline makes it (not timed):
    the photo itself, the JPEG inside a scanned PDF, or the rendered page."""
    import pypdfium2 as pdfium

    from pamong.documents.reading import page_image

    images = []
    for number, path in enumerate(paths):
        if path.suffix != ".pdf":
            images.append(path)
            continue
        pdf = pdfium.PdfDocument(str(path))
        images.append(page_image(pdf[0], folder, number))
        pdf.close()
    return images


def tesseract_run(images: list[Path]) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    for image in images:
        subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "ind"], capture_output=True, env=env, check=True
        )
    return time.perf_counter() - started


def median_rate(run, paths, runs: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    rates = [len(paths) / run(paths) for _ in range(runs)]
    return statistics.median(rates), rates


def interleaved(scans: list[Path], images: list[Path], runs: int) -> tuple[list[float], list[float]]:
    """Seconds of ours and of raw tesseract, run back to back each time so both see the same load."""
    ours, raw = [], []
    for _ in range(runs):
        ours.append(pipeline_run(scans))
        raw.append(tesseract_run(images))
    return ours, raw


def turned(path: Path) -> bool:
    import json

    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return bool(truth.get("page_turned"))


def skew_cost(images: list[Path]) -> None:
    """Milliseconds finding the skew costs a page (the part paid on straight pages too)."""
    from PIL import Image

    from pamong.documents import deskew

    timings, rotated = [], 0
    for image in images:
        started = time.perf_counter()
        with Image.open(image) as picture:
            skew = deskew.detect(picture)
        timings.append((time.perf_counter() - started) * 1000)
        rotated += not skew.sideways and abs(skew.angle) > deskew.MIN_ANGLE
    print(
        f"  finding the skew: {statistics.median(timings):.1f} ms a page (median, max {max(timings):.1f}); "
        f"{rotated} of {len(images)} pages skewed by more than {deskew.MIN_ANGLE} degrees and rotated"
    )


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (tesseract): far less moved by
    other sessions' load than wall-clock time."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ocr_compare(images: list[Path], runs: int) -> None:
    """Raw tesseract, read as it came and straightened first, page by page (see ``--ocr``)."""
    from PIL import Image

    from pamong.documents import deskew, ocr

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    variants = {
        "raw tesseract": lambda image: subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "ind"], capture_output=True, env=env, check=True
        ),
        "read as it came": lambda image: ocr.read_image(image, straighten=False),
        "straightened": lambda image: ocr.read_image(image),
    }
    rotated = set()
    for image in images:
        with Image.open(image) as picture:
            skew = deskew.detect(picture)
        if not skew.sideways and abs(skew.angle) > deskew.MIN_ANGLE:
            rotated.add(image)
    totals = {(name, part): [0.0, 0.0] for name in variants for part in ("straight", "rotated")}
    for run in range(runs):
        for number, image in enumerate(images):
            names = list(variants)
            shift = (number + run) % len(names)
            part = "rotated" if image in rotated else "straight"
            for name in names[shift:] + names[:shift]:
                wall, cpu = time.perf_counter(), cpu_seconds()
                variants[name](image)
                totals[(name, part)][0] += time.perf_counter() - wall
                totals[(name, part)][1] += cpu_seconds() - cpu
    for part, count in (("straight", len(images) - len(rotated)), ("rotated", len(rotated))):
        if not count:
            continue
        pages = count * runs
        raw_wall, raw_cpu = totals[("raw tesseract", part)]
        print(
            f"{part} pages ({count}, {runs} runs): wall s/page, CPU s/page, ratio to raw tesseract (wall, CPU)"
        )
        for name in variants:
            wall, cpu = totals[(name, part)]
            print(
                f"  {name:16s} {wall / pages:6.3f}  {cpu / pages:6.3f}   {wall / raw_wall:5.3f}  {cpu / raw_cpu:5.3f}"
            )


def report_scans(label: str, scans: list[Path], images: list[Path], runs: int) -> None:
    ours, raw = interleaved(scans, images, runs)
    ratios = [o / r for o, r in zip(ours, raw, strict=True)]
    n = len(scans)
    print(f"scanned pages, {label} ({n} per run, one page each)")
    print(
        f"  pamong end to end  {n / statistics.median(ours):7.3f} pages/s  runs {[round(n / o, 3) for o in ours]}"
    )
    print(
        f"  raw tesseract      {n / statistics.median(raw):7.3f} pages/s  runs {[round(n / r, 3) for r in raw]}"
    )
    print(
        f"  pamong time / raw tesseract time, median of paired runs: {statistics.median(ratios):.3f} "
        f"{[round(r, 3) for r in ratios]} (target <= 1.15)"
    )
    skew_cost(images)


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "0/0"


def print_arrival(label: str, report) -> None:  # type: ignore[no-untyped-def]
    """One drop's figures, in the order of the issue's 'Done when'."""
    registered = report.registered
    wrong = len(registered) - report.registered_correct
    print(f"{label}")
    print(f"  registered automatically        {share(len(registered), report.n)}")
    print(f"    nomor, date and type all right {share(report.registered_correct, len(registered))}")
    print(f"    registered with a wrong field  {share(wrong, report.n)} of the folder")
    print(f"    archive code right too         {share(report.registered_code_ok, len(registered))}")
    print(f"    suggested unit the true one    {share(report.registered_unit_right, len(registered))}")
    print(f"  disposition suggested           {share(len(report.suggested), report.n)}")
    print(f"    naming the true unit           {share(report.suggested_right, len(report.suggested))}")
    print(
        "  registered / received per rendering: "
        + ", ".join(f"{name} {done}/{total}" for name, (done, total) in sorted(report.by_rendering().items()))
    )
    waiting = report.n - len(registered)
    print(f"  waiting in review ({waiting}), letters per reason:")
    for reason, count in report.reasons().most_common():
        print(f"    {count:3d}  {reason}")
    print("  held back by that reason alone (fields right / wrong):")
    alone = report.blocked_only_by()
    for reason in sorted({reason for reason, _ in alone}):
        print(f"    {reason}: {alone[(reason, True)]} / {alone[(reason, False)]}")


def arrival() -> None:
    """Cold start, then after the dev letters were confirmed, on one fresh database."""
    from django.contrib.auth.models import User

    from pamong.documents import arrival as measure

    clerk = User.objects.create_user("bench-clerk")
    dev, heldout = measure.letters(LETTERS), measure.letters(LETTERS / "heldout")
    print(f"load before: {os.getloadavg()}")
    started = time.perf_counter()
    cold = measure.arrive(heldout, actor=clerk)
    measure.forget()
    print(f"cold start: {time.perf_counter() - started:.0f} s, load {os.getloadavg()}")
    started = time.perf_counter()
    trained = measure.train(dev, actor=clerk)
    print(f"trained on {len(dev)} confirmed dev letters: {time.perf_counter() - started:.0f} s")
    for key, result in trained.items():
        print(f"  {key}: {result}")
    warm = measure.arrive(heldout, actor=clerk)
    print_arrival(f"held-out folder ({len(heldout)} letters), cold start: no trained model", cold)
    print_arrival(f"held-out folder ({len(heldout)} letters), after {len(dev)} confirmed dev letters", warm)
    print(f"load after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scans", type=int, default=24, help="scanned pages per run")
    parser.add_argument("--arrival", action="store_true", help="how a mixed folder arrives (see above)")
    parser.add_argument(
        "--ocr", action="store_true", help="the OCR step alone, straightened or not (see above)"
    )
    parser.add_argument(
        "--no-straighten", action="store_true", help="OCR pages as they came (the code before deskewing)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pamong-bench-") as var_dir:
        setup(var_dir)
        if args.no_straighten:
            from pamong.documents import deskew

            deskew.straighten = lambda image: (image, 0.0)
            print("straightening off: pages are read as they came")
        if args.arrival:
            arrival()
            return
        every_scan = files("scanned")
        if args.ocr:
            upright = [path for path in every_scan if not turned(path)][: args.scans]
            print(f"load before: {os.getloadavg()}")
            with tempfile.TemporaryDirectory(prefix="pamong-pages-") as folder:
                ocr_compare(page_images(upright, Path(folder)), args.runs)
            print(f"load after: {os.getloadavg()}")
            return
        digital = files("digital")
        every_scan = files("scanned")
        upright = [path for path in every_scan if not turned(path)][: args.scans]
        lying = [path for path in every_scan if turned(path)]
        mixed = upright[: args.scans - len(lying)] + lying
        print(f"load before: {os.getloadavg()}")
        pipeline_run(digital[:5])  # warm up: imports, the code list's TF-IDF index, first queries
        ours, our_runs = median_rate(pipeline_run, digital, args.runs)
        layer, layer_runs = median_rate(text_layer_run, digital, args.runs)
        print(f"born-digital PDFs ({len(digital)} per run)")
        print(f"  pamong end to end  {ours:7.1f} docs/s   runs {[round(r, 1) for r in our_runs]}")
        print(f"  text layer only    {layer:7.1f} docs/s   runs {[round(r, 1) for r in layer_runs]}")
        print(f"  load: {os.getloadavg()}")
        with tempfile.TemporaryDirectory(prefix="pamong-pages-") as folder:
            report_scans("upright", upright, page_images(upright, Path(folder)), args.runs)
            print(f"  load: {os.getloadavg()}")
            report_scans(
                f"with all {len(lying)} pages lying on their side",
                mixed,
                page_images(mixed, Path(folder)),
                args.runs,
            )
        print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
