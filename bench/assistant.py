"""Benchmark the assistant: quality on held-out questions, latency in process, throughput over HTTP.

    .venv/bin/python bench/assistant.py [--questions FILE] [--seconds 10] [--runs 3]

1. Quality: ``assistant.answer`` on the held-out questions beside plain BM25.
2. Latency per message in process (``dialog.respond``, database writes included), median
   and p95, beside plain BM25 ranking of the same questions: once with every text new
   (an identifier appended, so the e5 query cache never answers) and once with the texts
   repeated (the cache answers the e5 query). Citizens' conversations are short, so a new
   conversation starts every ``CONVERSATION_LENGTH`` messages (one long conversation
   would answer most questions as follow-ups of its current service).
3. Throughput: a gunicorn server (``--workers`` x ``--threads``, default 4 x 1, the
   embedded default on SQLite) answering ``POST /api/v1/assistant/conversations/{id}/messages``
   under load from a second process with 16 concurrent clients, each opening a new
   conversation every ``CONVERSATION_LENGTH`` messages (the opening is not counted as a
   message), with every text new (an identifier appended that no run or client repeats)
   and with the held-out questions repeated; messages per second, median of ``--runs`` runs,
   beside ``GET /healthz`` on the same server (the cost of HTTP alone). The load average
   is printed: this machine is shared, so compare ratios to healthz between runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
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
CONVERSATION_LENGTH = 5
# Text normalisation reads a character repeated three times as once ("tolonggg"): "100023"
# would reach the assistant as "1023", a short number the lexical side keeps as a word (new
# to the word vectors, so an e5 pass of its own). Until 2026-12 the bench appended such
# numbers to about half of its "every text new" messages, and repeated them in every run.
TRIPLE = re.compile(r"(.)\1\1")
IDENTIFIERS_PER_CLIENT = 10_000  # numbers each client may use in one run


def identifiers(start: int) -> Iterator[str]:
    """Numbers from ``start`` (six digits or more) that stay identifiers after normalisation:
    the words' side ignores them, the e5 query sees them."""
    return (str(number) for number in itertools.count(start) if not TRIPLE.search(str(number)))


def load(
    url: str, method: str, texts: list[str], seconds: float, clients: int, unique: int | None
) -> tuple[int, float]:
    """Requests done by ``clients`` threads in about ``seconds``, and the time taken (a child process).

    ``unique``: the run's number; every message differs (an identifier appended that no
    other client or run uses, see ``identifiers``), so no cache can answer a repeat.
    """
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> int:
        done = 0
        target = url
        numbers = (
            identifiers(100_000 + (unique * clients + offset) * IDENTIFIERS_PER_CLIENT)
            if unique is not None
            else None
        )
        while time.monotonic() < deadline:
            if texts and done % CONVERSATION_LENGTH == 0:  # a new citizen: a new conversation
                base = url.split("/conversations/")[0] + "/conversations"
                opened = urllib.request.Request(base, data=b"", method="POST")
                with urllib.request.urlopen(opened, timeout=30) as response:
                    target = f"{base}/{json.loads(response.read())['id']}/messages"
            body = None
            if texts:
                text = texts[(offset + done) % len(texts)]
                if numbers is not None:
                    text += f" {next(numbers)}"
                body = json.dumps({"text": text}).encode()
            request = urllib.request.Request(
                target, data=body, method=method, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            done += 1
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(worker, range(clients)))
    return total, time.monotonic() - started


def server_cpu_seconds(server_pid: int) -> float:
    """CPU time (user + system) of the gunicorn master and its workers so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if server_pid in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


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


def child_load(args: list[str], clients: int, server_pid: int) -> tuple[float, float]:
    """(requests per second, server CPU milliseconds per request) of one load run."""
    cpu_before = server_cpu_seconds(server_pid)
    output = subprocess.run(
        [sys.executable, __file__, "--clients", str(clients), "--load", *args],
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise SystemExit(f"the load process failed:\n{output.stderr[-2000:]}")
    cpu = server_cpu_seconds(server_pid) - cpu_before
    total, elapsed = (float(x) for x in output.stdout.split())
    return total / elapsed, cpu * 1000 / total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", default=str(REPO / "data/eval/assistant_questions_heldout.csv"))
    parser.add_argument("--warmup", type=float, default=3, help="seconds of dev questions before measuring")
    parser.add_argument("--warmup-questions", default=str(REPO / "data/eval/assistant_questions.csv"))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        help="run on a new PostgreSQL database created through this URL (e.g. postgresql://postgres@127.0.0.1/test)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument(
        "--load", nargs=5, metavar=("URL", "METHOD", "TEXTS", "SECONDS", "UNIQUE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.load:
        url, method, texts_file, seconds, unique = args.load
        texts = json.loads(Path(texts_file).read_text()) if texts_file != "-" else []
        run = unique.removeprefix("unique:")  # "unique:<run>" or "repeat"
        total, elapsed = load(
            url, method, texts, float(seconds), args.clients, int(run) if run.isdigit() else None
        )
        print(total, elapsed)
        return

    from catalog_search import p95, setup, timings

    with tempfile.TemporaryDirectory() as var_dir, database(args.postgres) as database_url:
        os.environ["PAMONG_ASSISTANT_MESSAGES_PER_MINUTE"] = "1000000"
        setup(var_dir, database_url)
        print(f"database: {'PostgreSQL' if database_url else 'SQLite'}")
        from pamong.ai.evaluation import format_table, read_labelled_csv
        from pamong.assistant.dialog import assistant, respond, start
        from pamong.catalog.search import build_index, plain_terms
        from pamong.web.serving import serve_command

        function = assistant()
        report = function.evaluate({"csv": args.questions})
        print(f"assistant.answer on {args.questions} (held out), model {function.model_version()}")
        print(format_table(report))

        questions = [row["question"] for row in read_labelled_csv(args.questions, ("question", "expected"))]
        baseline = build_index(tokenize=plain_terms)
        serial = identifiers(100000)
        turns = itertools.count()
        conversation = start("bench")

        def say(text: str):  # type: ignore[no-untyped-def]
            nonlocal conversation
            if next(turns) % CONVERSATION_LENGTH == 0:
                conversation = start("bench")
            return respond(conversation, text)

        unique = timings(lambda q: say(f"{q} {next(serial)}"), questions, 3)
        repeated = timings(say, questions, 3)
        plain = timings(lambda q: baseline.rank(plain_terms(q), 3), questions, 3)
        print(f"\nlatency per message in process, ms ({len(questions)} questions x 3 passes)")
        print(f"{'':38}{'median':>10}{'p95':>10}")
        for label, samples in (
            ("pamong respond, every text new", unique),
            ("pamong respond, texts repeated", repeated),
            ("bm25_plain rank", plain),
        ):
            print(f"{label:38}{statistics.median(samples):10.3f}{p95(samples):10.3f}")
        print(f"load average {os.getloadavg()}")

        port = free_port()
        env = {**os.environ, "PAMONG_VAR_DIR": var_dir, "PAMONG_SECRET_KEY": "b" * 40}
        server = subprocess.Popen(
            serve_command(f"127.0.0.1:{port}", workers=args.workers, threads=args.threads),
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "w"),  # noqa: SIM115
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
            texts = Path(var_dir) / "texts.json"
            texts.write_text(json.dumps(questions))
            messages_url = f"{base}/api/v1/assistant/conversations/{conversation_id}/messages"
            # Warm-up, not measured: each process loads e5, the catalog's vectors and the word
            # table on its first messages. Dev questions, so the measured texts stay unseen.
            dev = [
                row["question"] for row in read_labelled_csv(args.warmup_questions, ("question", "expected"))
            ]
            warm_texts = Path(var_dir) / "warm.json"
            warm_texts.write_text(json.dumps(dev[:60]))
            if args.warmup > 0:
                child_load(
                    [messages_url, "POST", str(warm_texts), str(args.warmup), "repeat"],
                    args.clients,
                    server.pid,
                )
            rps: dict[str, list[float]] = {}
            cpu_ms: dict[str, list[float]] = {}
            for run in range(args.runs):  # interleaved, so a change in machine load hits all three
                for label, url, method, body, mode in (
                    ("assistant message, every text new", messages_url, "POST", str(texts), f"unique:{run}"),
                    ("assistant message, texts repeated", messages_url, "POST", str(texts), "repeat"),
                    ("healthz (GET, HTTP alone)", f"{base}/healthz", "GET", "-", "repeat"),
                ):
                    rate, cost = child_load(
                        [url, method, body, str(args.seconds), mode], args.clients, server.pid
                    )
                    rps.setdefault(label, []).append(rate)
                    cpu_ms.setdefault(label, []).append(cost)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(
            f"\nthroughput over HTTP, requests/s, median of {args.runs} runs of {args.seconds:.0f} s, "
            f"{args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads"
        )
        print(f"{'':38}{'per s':>10}{'server CPU ms':>15}   runs (per s)")
        for label, runs in rps.items():
            cost = statistics.median(cpu_ms[label])
            print(f"{label:38}{statistics.median(runs):10.1f}{cost:15.2f}   {[round(x) for x in runs]}")
        print(
            "server CPU ms per request is what the load average does not change much: "
            "2 cores give at most 2000 / that many requests per second"
        )
        health = statistics.median(rps["healthz (GET, HTTP alone)"])
        for label, runs in rps.items():
            if label.startswith("assistant"):
                print(f"{label} / healthz: {statistics.median(runs) / health:.3f}")
        print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
