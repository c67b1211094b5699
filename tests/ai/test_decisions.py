"""Every automated decision is logged without the raw input, reviewed by people, rated by citizens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from pamong.ai.decisions import decide, input_reference, rate, review
from pamong.ai.functions import Prediction
from pamong.ai.models import AIFunctionCard, Decision
from pamong.ai.monitoring import figures
from pamong.ai.retention import purge_decisions
from pamong.core.models import AppendOnlyError, AuditEntry

KEY = "catalog.search"


def a_decision(text: str = "NIK saya 3171234567890001, ktp hilang", **kwargs) -> Decision:  # type: ignore[no-untyped-def]
    prediction = Prediction("ktp-uji", 0.9, [("ktp-uji", 3.2), ("akta-lahir-uji", 1.1)], "matched: ktp")
    return decide(KEY, prediction, model_version="v-test", input_text=text, **kwargs)


def test_a_decision_stores_a_keyed_hash_never_the_text(db) -> None:
    decision = a_decision()
    assert "3171234567890001" not in decision.input_ref
    assert decision.input_ref == input_reference("NIK saya 3171234567890001, ktp hilang")
    assert decision.input_ref.startswith("hmac:")
    assert decision.alternatives == [["ktp-uji", 3.2], ["akta-lahir-uji", 1.1]]
    assert decision.card.key == KEY


def test_a_new_model_version_is_written_on_the_card_and_audited(db) -> None:
    a_decision()
    assert AIFunctionCard.objects.get(key=KEY).model_version == "v-test"
    assert AuditEntry.objects.filter(verb="ai.model.version", data__model_version="v-test").count() == 1
    a_decision()
    assert AuditEntry.objects.filter(verb="ai.model.version").count() == 1


def test_decisions_cannot_be_edited(db) -> None:
    decision = a_decision()
    decision.confidence = 0.1
    with pytest.raises(AppendOnlyError):
        decision.save()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE ai_decision SET confidence = 0.1 WHERE id = %s", [decision.pk])


def test_the_override_rate_counts_the_latest_review_of_each_decision(ani, budi) -> None:
    first, second, third = a_decision(), a_decision(), a_decision()
    review(first, reviewer=ani)
    review(second, reviewer=ani)
    review(second, reviewer=budi, corrected_output={"service": "akta-lahir-uji"}, note="salah layanan")
    stats = figures(first.card)
    assert stats.reviewed == 2
    assert stats.override_rate == pytest.approx(0.5)
    assert stats.decisions_total == 3
    assert AuditEntry.objects.filter(verb="ai.decision.overridden", actor_label="budi").count() == 1
    assert third.reviews.count() == 0


def test_satisfaction_is_the_share_of_helpful_ratings(db) -> None:
    decisions = [a_decision() for _ in range(4)]
    for decision, helpful in zip(decisions, [True, True, True, False], strict=True):
        rate(decision, helpful=helpful)
    stats = figures(decisions[0].card)
    assert (stats.ratings, stats.satisfaction) == (4, pytest.approx(0.75))


def test_decisions_younger_than_six_months_cannot_be_deleted_even_with_raw_sql(db) -> None:
    decision = a_decision()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM ai_decision WHERE id = %s", [decision.pk])


def test_purge_deletes_only_decisions_past_retention_with_their_old_reviews(ani) -> None:
    old_time = timezone.now() - timedelta(days=400)
    old = a_decision()
    Decision.objects.filter(pk=old.pk)  # created now; make a second one in the past:
    past = Decision.objects.create(
        card=old.card,
        model_version="v-old",
        input_ref="hmac:x",
        output={},
        confidence=0.5,
        created_at=old_time,
    )
    recent = a_decision()
    deleted = purge_decisions(timezone.now() - timedelta(days=365))
    assert deleted == 1
    assert not Decision.objects.filter(pk=past.pk).exists()
    assert Decision.objects.filter(pk__in=[old.pk, recent.pk]).count() == 2


def test_purge_cannot_go_below_the_legal_minimum(db) -> None:
    a_decision()
    with pytest.raises(DatabaseError, match="append-only"):
        purge_decisions(timezone.now() + timedelta(days=1))


def test_several_functions_decide_about_one_input_in_two_queries(db, django_assert_num_queries) -> None:
    from pamong.ai.decisions import decide_many

    items = [
        (KEY, Prediction("ktp-uji", 0.9, [("ktp-uji", 3.2)], "matched: ktp"), "v-1", None),
        ("assistant.answer", Prediction(None, 0.2, [], "unsure"), "v-2", {"kind": "abstain"}),
    ]
    decide_many(items, input_ref="sha256:warm")  # the first time: cards created, versions noted
    with django_assert_num_queries(2):  # the cards, then one insert of both decisions
        decisions = decide_many(items, input_ref="sha256:abc", subject="surat:1", channel="upload")
    assert [d.card.key for d in decisions] == [KEY, "assistant.answer"] and all(d.pk for d in decisions)
    stored = Decision.objects.filter(input_ref="sha256:abc").order_by("pk")
    assert [(d.output, d.abstained, d.subject) for d in stored] == [
        ({"label": "ktp-uji"}, False, "surat:1"),
        ({"kind": "abstain"}, True, "surat:1"),
    ]
    decide_many([(KEY, Prediction("a", 0.5, [], ""), "v-3", None)], input_ref="sha256:new")
    assert AIFunctionCard.objects.get(key=KEY).model_version == "v-3"
    assert AuditEntry.objects.filter(verb="ai.model.version", data__model_version="v-3").count() == 1
