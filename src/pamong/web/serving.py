"""How to start the production-style server in a fresh interpreter (no Django set up here)."""

from __future__ import annotations

import sys


def serve_command(bind: str, *, workers: int | None = None, threads: int | None = None) -> list[str]:
    """``python -m pamong.cli serve`` with these options; unset ones take ``serve``'s defaults."""
    command = [sys.executable, "-m", "pamong.cli", "serve", "--bind", bind]
    if workers is not None:
        command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    return command
