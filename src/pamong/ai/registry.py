"""Which AI functions exist, and their cards in the database."""

from __future__ import annotations

from dataclasses import asdict

from pamong.ai.functions import AIFunction
from pamong.ai.models import AIFunctionCard
from pamong.core.freshness import kept_for

_FUNCTIONS: dict[str, type[AIFunction]] = {}
_INSTANCES: dict[str, AIFunction] = {}
CARD_TTL_SECONDS = 2.0  # a governance change to a card shows in every process within this


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


@kept_for(CARD_TTL_SECONDS)
def recent_card(key: str) -> AIFunctionCard:
    """The card as read at most two seconds ago in this process: functions that decide on
    every request (a chat message, a filed complaint) need its threshold and log each
    decision against it."""
    return card_for(key)


def forget_recent_card(key: str) -> None:
    """After a governance edit: this process reads the card again at once."""
    recent_card.forget(key)


def sync_cards() -> list[AIFunctionCard]:
    """Make sure every registered function has a card; editable fields are left as set."""
    return [card_for(key) for key in keys()]
