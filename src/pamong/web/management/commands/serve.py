"""pamong serve: gunicorn, the production-style server, on the embedded default or scale-out."""

from __future__ import annotations

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


class Command(BaseCommand):
    help = "Serve pamong with gunicorn."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"pamong at http://{options['bind']}/  (staff console: /staf/)")
        _Server(
            {
                "bind": options["bind"],
                "workers": options["workers"],
                "threads": options["threads"],
                "accesslog": "-",
                "timeout": 60,
            }
        ).run()
