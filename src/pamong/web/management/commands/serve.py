"""pamong serve: gunicorn, the production-style server, on the embedded default or scale-out."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication

from pamong.wsgi import application


class _Server(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        return application


def default_workers() -> int:
    """Two single-threaded processes per core: pamong's requests are CPU-bound Python, and
    threads of one process wait for each other's lock on the interpreter (bench/cases.py:
    4 x 1 filed 117/s where 2 x 4 filed 70/s on 2 cores)."""
    return 2 * len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2 * (os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Serve pamong with gunicorn."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="processes (default: two per core)"
        )
        parser.add_argument("--threads", type=int, default=1, help="threads per process (default 1)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"pamong at http://{options['bind']}/  (staff console: /staf/)")
        _Server(
            {
                "bind": options["bind"],
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",  # keep-alive, and a long request is not taken for a hung worker
                "accesslog": "-",
                "timeout": 60,
            }
        ).run()
