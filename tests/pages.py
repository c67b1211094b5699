"""Pages as a person uses them: a real pamong server with the demo data, and Debian's Chromium.

The server runs in its own process on the embedded default (SQLite in a temporary
folder), exactly as the README's first command starts it; tests drive it over HTTP,
with Playwright, or with independent clients (the Open311 ``georeport`` package).
"""

from __future__ import annotations

import os
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pamong.web.serving import serve_command
from tests.services import REPO, pamong, pamong_env, wait_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class DemoServer:
    url: str
    env: dict[str, str]

    def command(self, *args: str) -> str:
        """Run ``pamong ARGS`` against this server's database; returns what it printed."""
        return pamong(*args, env=self.env).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def demo_server(var_dir: Path) -> Iterator[DemoServer]:
    env = pamong_env(var_dir)
    pamong("migrate", "-v0", env=env)
    pamong("demo-data", env=env)
    port = free_port()
    process = subprocess.Popen(
        serve_command(f"127.0.0.1:{port}", workers=1, threads=4),
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return urllib.request.urlopen(f"{url}/healthz", timeout=1).status == 200  # noqa: S310 - our own server
        except OSError:
            return False

    try:
        wait_for(up, 30, "the pamong server to start")
        yield DemoServer(url, env)
    finally:
        process.terminate()
        process.wait(timeout=20)


def launch_chromium():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "CI must run the page tests, but /usr/bin/chromium is missing (Debian package chromium)"
            )
        pytest.skip("Debian's chromium is not installed: scripts/setup --dev installs it")
    from playwright.sync_api import sync_playwright

    return sync_playwright


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


DEMO_PASSWORD = "pamong-demo-2026"


@contextmanager
def signed_in(browser, server_url: str, username: str) -> Iterator:  # type: ignore[no-untyped-def]
    """A desktop browser tab signed in to the staff console as a demo user."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{server_url}/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    try:
        yield page
    finally:
        context.close()
