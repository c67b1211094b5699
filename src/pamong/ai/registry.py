"""Which AI functions exist, and their cards in the database."""

from __future__ import annotations

import time
from dataclasses import asdict

from django.db import transaction

from pamong.ai.functions import AIFunction
from pamong.ai.models import AIFunctionCard

_FUNCTIONS: dict[str, type[AIFunction]] = {}
_INSTANCES: dict[str, AIFunction] = {}
CARD_TTL_SECONDS = 2.0  # a governance change to a card shows in every process within this
_recent_cards: dict[str, tuple[float, AIFunctionCard]] = {}  # key -> (read at, card)


def register(cls: type[AIFunction]) -> type[AIFunction]:
    """Class decorator: make an AI function known to the registry."""
    if cls.key in _FUNCTIONS and _FUNCTIONS[cls.key] is not cls:
        raise ValueError(f"AI function key {cls.key!r} registered twice")
    _FUNCTIONS[cls.key] = cls
    return cls


def keys() -> list[str]:
    return sorted(_FUNCTIONS)


def get(key: str) -> AIFunction:
    """The one shared instance of a function (models are loaded once per process)."""
    if key not in _FUNCTIONS:
        raise KeyError(f"unknown AI function {key!r}; known: {', '.join(keys()) or 'none'}")
    if key not in _INSTANCES:
        _INSTANCES[key] = _FUNCTIONS[key]()
    return _INSTANCES[key]


def card_for(key: str) -> AIFunctionCard:
    """The function's card, created from the code's defaults the first time it is needed."""
    function_cls = _FUNCTIONS.get(key)
    if function_cls is None:
        return AIFunctionCard.objects.get(key=key)
    card, _ = AIFunctionCard.objects.get_or_create(key=key, defaults=asdict(function_cls.card))
    return card


def recent_card(key: str) -> AIFunctionCard:
    """The card as read at most two seconds ago in this process.

    Functions that decide on every request (a chat message, a filed complaint) need the
    threshold and log each decision against the card: a query each otherwise. A card read
    inside a transaction is not kept: the transaction may roll back the row (a first
    ``get_or_create``; every test), and a decision must not point at it.
    """
    now = time.monotonic()
    kept = _recent_cards.get(key)
    if kept is not None and now - kept[0] <= CARD_TTL_SECONDS:
        return kept[1]
    card = card_for(key)
    if transaction.get_connection().in_atomic_block:
        _recent_cards.pop(key, None)
    else:
        _recent_cards[key] = (now, card)
    return card


def forget_recent_card(key: str) -> None:
    """After a governance edit: this process reads the card again at once."""
    _recent_cards.pop(key, None)


def sync_cards() -> list[AIFunctionCard]:
    """Make sure every registered function has a card; editable fields are left as set."""
    return [card_for(key) for key in keys()]
