"""Where dataset versions live: one immutable Parquet file per version under ``VAR_DIR/datahub``."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from django.conf import settings

CONTRACT = ["indicator", "region_code", "region_name", "level", "period", "freq", "value", "unit"]


def root() -> Path:
    path = Path(settings.DATAHUB_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def version_path(slug: str, number: int) -> Path:
    folder = root() / slug
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"v{number}.parquet"


def staging_path(slug: str, number: int) -> Path:
    folder = root() / slug / "staging"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"v{number}.parquet"


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep_upload(name: str, chunks) -> tuple[Path, str, int]:  # type: ignore[no-untyped-def]
    """Store an uploaded file under its SHA-256 (the same file twice is stored once)."""
    uploads = root() / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    temporary = uploads / f".incoming-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    digest = hashlib.sha256()
    size = 0
    with open(temporary, "wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    suffix = Path(name).suffix.lower()[:10]
    final = uploads / f"{digest.hexdigest()}{suffix}"
    shutil.move(temporary, final)
    return final, digest.hexdigest(), size
