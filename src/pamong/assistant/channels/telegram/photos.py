"""A photo a citizen sends on Telegram, as the guided filing takes it (``guided.SentPhoto``).

An update names the file and does not carry it: ``message.photo`` lists the sizes Telegram
made of one picture, ``message.document`` is a file sent as is. Its bytes are fetched only
when the filing asks for a photo (getFile, then the download address, each with a short
timeout) and at most once; what the citizen's side already tells (a size over our limit, a
type we never keep) refuses it before any download. ``uploads.check`` then decides from the
bytes, as for the web form.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from pamong.assistant.channels.telegram import client
from pamong.cases import guided, uploads


class TelegramFile:
    """Reads one file of an update, once: the bytes, or the same refusal again."""

    def __init__(self, file_id: str, *, size: int = 0, content_type: str = "") -> None:
        self.file_id, self.size, self.content_type = file_id, size, content_type
        self._result: bytes | Exception | None = None

    def __call__(self) -> bytes:
        if self._result is None:
            try:
                self._result = self._fetch()
            except (uploads.UploadRejected, guided.PhotoUnavailable) as error:
                self._result = error
        if isinstance(self._result, Exception):
            raise self._result
        return self._result

    @property
    def fetched(self) -> bool:
        return self._result is not None

    def _fetch(self) -> bytes:
        limit = settings.CASES_UPLOAD_MAX_BYTES
        if self.content_type:
            uploads.check_declared_type(self.content_type)
        uploads.check_size(self.size, limit=limit)
        try:
            found = client.get_file(self.file_id)
            uploads.check_size(int(found.get("file_size") or 0), limit=limit)
            return client.download(found["file_path"], limit=limit)
        except (client.TelegramUnavailable, client.TelegramRefused, ValueError, TypeError) as error:
            raise guided.PhotoUnavailable(str(error)) from None


def _size(item: dict[str, Any]) -> int:
    value = item.get("file_size")
    return value if isinstance(value, int) and value > 0 else 0


def _largest(item: dict[str, Any]) -> tuple[int, int]:
    width, height = item.get("width"), item.get("height")
    area = width * height if isinstance(width, int) and isinstance(height, int) else 0
    return area, _size(item)


def sent_photo(message: dict[str, Any]) -> guided.SentPhoto | None:
    """The photo (largest size within our limit) or the document of a message; None if neither."""
    photo, document = message.get("photo"), message.get("document")
    if isinstance(photo, list):
        sizes = [item for item in photo if isinstance(item, dict) and isinstance(item.get("file_id"), str)]
        if not sizes:
            return None
        fitting = [item for item in sizes if _size(item) <= settings.CASES_UPLOAD_MAX_BYTES]
        # The largest that fits; if none does, the smallest, which is then refused for its size.
        chosen = max(fitting, key=_largest) if fitting else min(sizes, key=_size)
        name = f"telegram-{str(chosen.get('file_unique_id') or 'foto')[:40]}.jpg"
        return guided.SentPhoto(name, TelegramFile(chosen["file_id"], size=_size(chosen)))
    if isinstance(document, dict) and isinstance(document.get("file_id"), str):
        name = str(document.get("file_name") or "berkas")[:120]
        content_type = str(document.get("mime_type") or "")  # none said: the bytes decide
        return guided.SentPhoto(
            name, TelegramFile(document["file_id"], size=_size(document), content_type=content_type)
        )
    return None
