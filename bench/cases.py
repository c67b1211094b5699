"""Benchmark complaint filing through the JSON API: submissions per second, none lost.

    .venv/bin/python bench/cases.py [--seconds 10] [--runs 3] [--clients 16] [--warmup 3]
        [--workers 4] [--threads 1] [--postgres ADMIN_URL | --no-postgres]

For the embedded default (SQLite) and, beside it, a fresh PostgreSQL database: a gunicorn
server (4 workers x 1 thread, as ``pamong serve`` on 2 cores) takes
``POST /api/v1/cases/complaints`` from 16 concurrent clients in a second process for
``--seconds``, ``--runs`` times, after ``--warmup`` seconds of filings not measured. Every submission is the
whole path: validation, tracking number, SLA dates, history, audit, outbox, then routing
on commit (the router trained on the demo history, urgency rules, duplicate search,
decision log), in the web process as the embedded default does. Reported: accepted
submissions per second (median of runs), server CPU milliseconds per submission, the
ratio to ``GET /healthz`` on the same server (HTTP alone), and the loss check: cases in
the database against 201 answers received (must be equal), each routed. The machine is
shared, so the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def complaints() -> list[dict]:
    """Bodies to post: the demo history's texts and villages, shuffled (generated, not real)."""
    import csv

    with open(REPO / "data/cases/demo-history.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(7).shuffle(rows)
    return [
        {"description": row["text"], "region": row["region"], "anonymous": True, "kind": "complaint"}
        for row in rows
    ]


def load(url: str, method: str, seconds: float, clients: int) -> tuple[int, int, float, list[str]]:
    """(accepted, refused, elapsed, tracking numbers) of ``clients`` threads for ``seconds``."""
    bodies = complaints() if method == "POST" else []
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> tuple[int, int, list[str]]:
        accepted = refused = 0
        numbers: list[str] = []
        while time.monotonic() < deadline:
            data = None
            if bodies:
                body = dict(bodies[(offset * 37 + accepted + refused) % len(bodies)])
                body["description"] += f" (laporan {offset}-{accepted + refused})"  # no two alike
                data = json.dumps(body).encode()
            request = urllib.request.Request(
                url, data=data, method=method, headers={"Content-Type": "application/json"}
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    payload = response.read()
                accepted += 1
                if data:
                    numbers.append(json.loads(payload)["tracking_number"])
            except urllib.error.HTTPError:
                refused += 1
        return accepted, refused, numbers

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(worker, range(clients)))
    elapsed = time.monotonic() - started
    numbers = [number for _a, _r, batch in results for number in batch]
    return sum(r[0] for r in results), sum(r[1] for r in results), elapsed, numbers


def one_database(args: argparse.Namespace, database_url: str | None) -> dict:
    """Set up, serve and measure one database; returns the figures (runs in its own process)."""
    from assistant import child_load, free_port, server_cpu_seconds  # noqa: F401 - the assistant bench's helpers

    with tempfile.TemporaryDirectory() as var_dir:
        os.environ.update({"PAMONG_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "pamong.settings"})
        os.environ.update({"PAMONG_CASES_SUBMISSIONS_PER_HOUR": "100000000", "PAMONG_SECRET_KEY": "c" * 40})
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.conf import settings

        from pamong.cases import training
        from pamong.cases.models import Case
        from pamong.cases.reference import load_categories
        from pamong.core.units import load_units
        from pamong.web.serving import serve_command

        load_units(settings.DATA_DIR / "units/units-demo.csv")
        load_categories()
        training.import_history(settings.DATA_DIR / "cases/demo-history.csv")
        version = training.retrain()
        port = free_port()
        server = subprocess.Popen(
            serve_command(f"127.0.0.1:{port}", workers=args.workers, threads=args.threads),
            env={**os.environ},
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        rates: dict[str, list[float]] = {"file complaint (POST)": [], "healthz (GET)": []}
        costs: dict[str, list[float]] = {"file complaint (POST)": [], "healthz (GET)": []}
        accepted_total = refused_total = 0
        numbers: list[str] = []
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            # Warm-up, not measured: every process loads its models and reference data on its
            # first filings. Its filings count in the loss check below.
            warm = ["--load", f"{base}/api/v1/cases/complaints", "POST", str(args.warmup), str(args.clients)]
            output = subprocess.run(
                [sys.executable, __file__, *warm], capture_output=True, text=True, check=True
            )
            accepted, refused, _elapsed, batch = json.loads(output.stdout)
            accepted_total, refused_total, numbers = accepted, refused, batch
            for _ in range(args.runs):
                for label, url, method in (
                    ("file complaint (POST)", f"{base}/api/v1/cases/complaints", "POST"),
                    ("healthz (GET)", f"{base}/healthz", "GET"),
                ):
                    cpu_before = server_cpu_seconds(server.pid)
                    output = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--load",
                            url,
                            method,
                            str(args.seconds),
                            str(args.clients),
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    accepted, refused, elapsed, batch = json.loads(output.stdout)
                    cpu = server_cpu_seconds(server.pid) - cpu_before
                    rates[label].append(accepted / elapsed)
                    costs[label].append(cpu * 1000 / max(accepted, 1))
                    if method == "POST":
                        accepted_total += accepted
                        refused_total += refused
                        numbers += batch
        finally:
            server.terminate()
            server.wait(timeout=30)
        stored = Case.objects.count()
        found = Case.objects.filter(tracking_number__in=numbers).count()
        unrouted = Case.objects.filter(routing_decision__isnull=True).count()
        return {
            "database": "PostgreSQL" if database_url else "SQLite",
            "router": version,
            "rates": {label: statistics.median(values) for label, values in rates.items()},
            "runs": {label: [round(v) for v in values] for label, values in rates.items()},
            "cpu_ms": {label: statistics.median(values) for label, values in costs.items()},
            "accepted": accepted_total,
            "refused": refused_total,
            "stored": stored,
            "found": found,
            "unrouted": unrouted,
            "load": os.getloadavg(),
        }


@contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one run, dropped afterwards."""
    import psycopg

    name = f"pamong_bench_cases_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=3, help="seconds of filings before measuring")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn process")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, metavar="ADMIN_URL")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--one", nargs="?", const="", help=argparse.SUPPRESS)
    parser.add_argument("--load", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        url, method, seconds, clients = args.load
        print(json.dumps(load(url, method, float(seconds), int(clients))))
        return
    if args.one is not None:
        print(json.dumps(one_database(args, args.one or None)))
        return
    results = []
    targets: list[str | None] = [None] + ([] if args.no_postgres else [args.postgres])
    for target in targets:
        common = ["--seconds", str(args.seconds), "--runs", str(args.runs), "--clients", str(args.clients)]
        common += [
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--warmup",
            str(args.warmup),
        ]
        if target is None:
            output = subprocess.run(
                [sys.executable, __file__, "--one", *common], capture_output=True, text=True, check=True
            )
            results.append(json.loads(output.stdout.splitlines()[-1]))
            continue
        try:
            with fresh_postgres(target) as url:
                output = subprocess.run(
                    [sys.executable, __file__, "--one", url, *common],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                results.append(json.loads(output.stdout.splitlines()[-1]))
        except Exception as error:
            print(f"PostgreSQL run skipped: {error}")
    print(
        f"complaint filing over HTTP: gunicorn {args.workers} workers x {args.threads} threads, {args.clients} clients, "
        f"median of {args.runs} runs of {args.seconds:.0f} s"
    )
    print(
        f"{'':14}{'filed/s':>9}{'healthz/s':>11}{'ratio':>8}{'CPU ms/filing':>15}{'filed':>8}{'stored':>8}{'lost':>6}{'unrouted':>10}  runs"
    )
    for result in results:
        filed, health = result["rates"]["file complaint (POST)"], result["rates"]["healthz (GET)"]
        lost = result["accepted"] - result["found"]
        print(
            f"{result['database']:14}{filed:9.1f}{health:11.1f}{filed / health:8.3f}"
            f"{result['cpu_ms']['file complaint (POST)']:15.2f}{result['accepted']:8d}{result['stored']:8d}{lost:6d}"
            f"{result['unrouted']:10d}  {result['runs']['file complaint (POST)']}  (load {tuple(round(x, 1) for x in result['load'])})"
        )
    print(f"router {results[0]['router'] if results else '-'}; load average now {os.getloadavg()}")


if __name__ == "__main__":
    main()
