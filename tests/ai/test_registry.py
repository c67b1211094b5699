"""The registry's per-process copy of a card: read at most every two seconds, never kept from
inside a transaction, forgotten when a governance edit commits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.ai import registry
from pamong.ai.governance import update_card
from pamong.core import freshness

KEY = "assistant.answer"


@pytest.fixture
def fresh_cache():  # type: ignore[no-untyped-def]
    registry.recent_card.forget_all()
    yield
    registry.recent_card.forget_all()


def test_a_card_is_kept_between_requests_outside_a_transaction(db, fresh_cache, monkeypatch) -> None:
    registry.recent_card(KEY)  # creates the card
    with CaptureQueriesContext(connection) as inside:
        registry.recent_card(KEY)
        registry.recent_card(KEY)
    assert len(inside.captured_queries) == 2  # a card read in a transaction may be rolled back
    outside_any = SimpleNamespace(get_connection=lambda: SimpleNamespace(in_atomic_block=False))
    monkeypatch.setattr(freshness, "transaction", outside_any)
    with CaptureQueriesContext(connection) as outside:
        first = registry.recent_card(KEY)
        second = registry.recent_card(KEY)
    assert len(outside.captured_queries) == 1 and first is second
    monkeypatch.setattr(freshness.time, "monotonic", lambda: 10**9)  # two seconds later and more
    with CaptureQueriesContext(connection) as later:
        registry.recent_card(KEY)
    assert len(later.captured_queries) == 1


def test_a_governance_edit_is_read_at_once_in_its_process(
    db, fresh_cache, monkeypatch, django_capture_on_commit_callbacks, ani
) -> None:
    card = registry.card_for(KEY)
    outside_any = SimpleNamespace(get_connection=lambda: SimpleNamespace(in_atomic_block=False))
    monkeypatch.setattr(freshness, "transaction", outside_any)
    assert registry.recent_card(KEY).threshold == card.threshold  # kept now
    with django_capture_on_commit_callbacks(execute=True):
        update_card(card, {"threshold": 0.42}, actor=ani, reason="uji")
    assert registry.recent_card(KEY).threshold == 0.42
