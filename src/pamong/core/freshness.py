"""Per-process copies of rarely edited rows, reread after a few seconds.

A request that files a complaint or answers a chat message reads the same AI-function card,
categories and holidays as the request before it; a query each is most of what some of
them cost. A copy read inside a transaction is not kept: the transaction may still roll
the rows back (a first ``get_or_create``; every test runs in one).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


class Kept(Generic[P, R]):
    """``function`` whose result per arguments is reused for ``seconds`` in this process."""

    def __init__(self, function: Callable[P, R], seconds: float) -> None:
        self.function, self.seconds = function, seconds
        self._kept: dict[Hashable, tuple[float, R]] = {}
        functools.update_wrapper(self, function)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (args, tuple(sorted(kwargs.items())))
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and now - kept[0] <= self.seconds:
            return kept[1]
        value = self.function(*args, **kwargs)
        if transaction.get_connection().in_atomic_block:
            self._kept.pop(key, None)
        else:
            if len(self._kept) > 256:  # arguments are a few keys or years: never many
                self._kept.clear()
            self._kept[key] = (now, value)
        return value

    def forget(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Read again on the next call (after an edit made by this process)."""
        self._kept.pop((args, tuple(sorted(kwargs.items()))), None)

    def forget_all(self) -> None:
        self._kept.clear()


def kept_for(seconds: float) -> Callable[[Callable[P, R]], Kept[P, R]]:
    """Decorator: keep the function's result per arguments for ``seconds`` (see the module)."""

    def wrap(function: Callable[P, R]) -> Kept[P, R]:
        return Kept(function, seconds)

    return wrap
