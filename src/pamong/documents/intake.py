"""Bulk intake: a folder tree (``pamong documents ingest``), a watched folder, an IMAP mailbox."""

from __future__ import annotations

import imaplib
import io
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

from pamong.documents import actions
from pamong.documents.models import Document, State


@dataclass
class IngestReport:
    received: int = 0
    duplicates: int = 0
    states: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.received / self.seconds if self.seconds else 0.0


def files_under(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


def ingest(
    paths: list[Path], *, source: str, actor: object, progress: Callable[[Path], None] | None = None
) -> IngestReport:
    """Receive each file; in the embedded default each is read before the next one starts."""
    report = IngestReport()
    started = time.perf_counter()
    for path in paths:
        try:
            document = actions.receive_path(path, source=source, actor=actor)
        except actions.Duplicate:
            report.duplicates += 1
        except (actions.IntakeError, OSError) as error:
            report.problems.append((str(path), str(error)))
        else:
            report.received += 1
            document.refresh_from_db(fields=["state", "error"])
            report.states[document.state] = report.states.get(document.state, 0) + 1
            if document.state == State.FAILED:
                report.problems.append((str(path), document.error))
        if progress is not None:
            progress(path)
    report.seconds = time.perf_counter() - started
    return report


# --- watched folder ------------------------------------------------------------------------
DONE, FAILED = "diproses", "gagal"


def watch_once(folder: Path, sizes: dict[Path, int], *, actor: object = "folder") -> IngestReport:
    """Ingest the files whose size did not change since the last look; move them out of the way."""
    ready = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        size = path.stat().st_size
        if sizes.get(path) == size:
            ready.append(path)
        sizes[path] = size
    report = ingest(ready, source="folder", actor=actor)
    failed = {Path(name) for name, _ in report.problems}
    for path in ready:
        target = folder / (FAILED if path in failed else DONE)
        target.mkdir(exist_ok=True)
        shutil.move(str(path), target / path.name)
        sizes.pop(path, None)
    return report


def watch(folder: Path, *, interval: float, rounds: int | None = None) -> Iterator[IngestReport]:
    sizes: dict[Path, int] = {}
    count = 0
    while rounds is None or count < rounds:
        yield watch_once(folder, sizes)
        count += 1
        if rounds is None or count < rounds:
            time.sleep(interval)


# --- IMAP mailbox --------------------------------------------------------------------------
def fetch_mail(url: str | None = None, *, limit: int = 200) -> IngestReport:
    """Each unread message becomes one document (its body and attachments); then it is marked read."""
    url = url or settings.DOCUMENTS_IMAP_URL
    if not url:
        raise actions.IntakeError("PAMONG_DOCUMENTS_IMAP_URL belum diatur")
    parts = urlparse(url)
    client_class = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    port = parts.port or (993 if parts.scheme == "imaps" else 143)
    try:
        return _fetch(client_class, parts, port, limit)
    except (imaplib.IMAP4.error, OSError) as error:
        raise actions.IntakeError(f"IMAP {parts.hostname}:{port}: {error}") from None


def _fetch(client_class, parts, port: int, limit: int) -> IngestReport:  # type: ignore[no-untyped-def]
    report = IngestReport()
    started = time.perf_counter()
    with client_class(parts.hostname or "localhost", port, timeout=30) as client:
        client.login(unquote(parts.username or ""), unquote(parts.password or ""))
        client.select(unquote(parts.path.lstrip("/")) or "INBOX")
        _, data = client.uid("search", None, "UNSEEN")
        for uid in (data[0].split() if data and data[0] else [])[:limit]:
            _, fetched = client.uid("fetch", uid, "(RFC822)")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), b"")
            try:
                document = actions.receive(
                    f"surel-{uid.decode()}.eml", io.BytesIO(raw), source="mail", actor="mail"
                )
            except actions.Duplicate:
                report.duplicates += 1
            except actions.IntakeError as error:
                report.problems.append((f"uid {uid.decode()}", str(error)))
            else:
                report.received += 1
                state = Document.objects.values_list("state", flat=True).get(pk=document.pk)
                report.states[state] = report.states.get(state, 0) + 1
            client.uid("store", uid, "+FLAGS", "(\\Seen)")
    report.seconds = time.perf_counter() - started
    return report
