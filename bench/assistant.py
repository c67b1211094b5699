"""Benchmark the assistant: quality on held-out questions, latency in process, throughput over HTTP.

    .venv/bin/python bench/assistant.py [--questions FILE] [--seconds 10] [--runs 3]

1. Quality: ``assistant.answer`` on the held-out questions beside plain BM25.
2. Latency per message in process (``dialog.respond``, database writes included), median
   and p95, beside plain BM25 ranking of the same questions.
3. Throughput: a gunicorn server (2 workers x 4 threads, the embedded default on SQLite)
   answering ``POST /api/v1/assistant/conversations/{id}/messages`` under load from a
   second process with 16 concurrent clients; messages per second, median of ``--runs``
   runs, beside ``GET /healthz`` on the same server (the cost of HTTP alone).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))


def load(url: str, method: str, bodies: list[bytes], seconds: float, clients: int) -> float:
    """Requests per second from ``clients`` threads for ``seconds`` (run in a child process)."""
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> int:
        done = 0
        while time.monotonic() < deadline:
            body = bodies[(offset + done) % len(bodies)] if bodies else None
            request = urllib.request.Request(
                url, data=body, method=method, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            done += 1
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(worker, range(clients)))
    return total / (time.monotonic() - started)


@contextmanager
def database(admin_url: str | None) -> Iterator[str | None]:
    """None for SQLite; else a fresh PostgreSQL database, dropped afterwards."""
    if not admin_url:
        yield None
        return
    import psycopg

    name = f"pamong_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            from django.db import connections

            connections.close_all()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child_load(args: list[str]) -> float:
    output = subprocess.run(
        [sys.executable, __file__, "--load", *args], capture_output=True, text=True, check=True
    )
    return float(output.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", default=str(REPO / "data/eval/assistant_questions_heldout.csv"))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        help="run on a new PostgreSQL database created through this URL (e.g. postgresql://postgres@127.0.0.1/test)",
    )
    parser.add_argument(
        "--load", nargs=4, metavar=("URL", "METHOD", "BODIES", "SECONDS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.load:
        url, method, bodies_file, seconds = args.load
        bodies = (
            [line.encode() for line in Path(bodies_file).read_text().splitlines() if line]
            if bodies_file != "-"
            else []
        )
        print(load(url, method, bodies, float(seconds), args.clients))
        return

    from catalog_search import p95, setup, timings

    with tempfile.TemporaryDirectory() as var_dir, database(args.postgres) as database_url:
        os.environ["PAMONG_ASSISTANT_MESSAGES_PER_MINUTE"] = "1000000"
        setup(var_dir, database_url)
        print(f"database: {'PostgreSQL' if database_url else 'SQLite'}")
        from pamong.ai.evaluation import format_table, read_labelled_csv
        from pamong.assistant.dialog import assistant, respond, start
        from pamong.catalog.search import build_index, plain_terms

        function = assistant()
        report = function.evaluate({"csv": args.questions})
        print(f"assistant.answer on {args.questions} (held out), model {function.model_version()}")
        print(format_table(report))

        questions = [row["question"] for row in read_labelled_csv(args.questions, ("question", "expected"))]
        conversation = start("bench")
        baseline = build_index(tokenize=plain_terms)
        ours = timings(lambda q: respond(conversation, q), questions, 3)
        plain = timings(lambda q: baseline.rank(plain_terms(q), 3), questions, 3)
        print(f"\nlatency per message in process, ms ({len(questions)} questions x 3 passes)")
        print(f"{'':34}{'median':>10}{'p95':>10}")
        print(f"{'pamong respond (with writes)':34}{statistics.median(ours):10.3f}{p95(ours):10.3f}")
        print(f"{'bm25_plain rank':34}{statistics.median(plain):10.3f}{p95(plain):10.3f}")

        port = free_port()
        env = {**os.environ, "PAMONG_VAR_DIR": var_dir, "PAMONG_SECRET_KEY": "b" * 40}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pamong.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            created = urllib.request.urlopen(
                urllib.request.Request(f"{base}/api/v1/assistant/conversations", data=b"", method="POST")
            )
            conversation_id = json.loads(created.read())["id"]
            bodies = Path(var_dir) / "bodies.jsonl"
            bodies.write_text("\n".join(json.dumps({"text": q}) for q in questions))
            messages_url = f"{base}/api/v1/assistant/conversations/{conversation_id}/messages"
            ours_rps = [
                child_load([messages_url, "POST", str(bodies), str(args.seconds)]) for _ in range(args.runs)
            ]
            health_rps = [
                child_load([f"{base}/healthz", "GET", "-", str(args.seconds)]) for _ in range(args.runs)
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(
            f"\nthroughput over HTTP, requests/s, median of {args.runs} runs of {args.seconds:.0f} s, {args.clients} clients"
        )
        print(
            f"{'assistant message (POST)':34}{statistics.median(ours_rps):10.1f}   runs {[round(x) for x in ours_rps]}"
        )
        print(
            f"{'healthz (GET, HTTP alone)':34}{statistics.median(health_rps):10.1f}   runs {[round(x) for x in health_rps]}"
        )


if __name__ == "__main__":
    main()
