"""catalog.search finds the service a citizen means, or abstains and says so."""

from __future__ import annotations

import pytest

from pamong.ai.models import Decision
from pamong.catalog.search import find


@pytest.mark.parametrize(
    ("question", "service"),
    [
        ("gmn cara bikin ktp baru", "ktp-uji"),
        ("KPT SAYA ILANG", "ktp-uji"),
        ("akte lahir anak sy blm diurus", "akta-lahir-uji"),
        ("kelahran anak", "akta-lahir-uji"),
        ("how do I get a birth certificate", "akta-lahir-uji"),
        ("surat kelakuan baik", "skck-uji"),
    ],
)
def test_everyday_questions_find_their_service(small_catalog, question, service) -> None:
    outcome = find(question, channel="test")
    assert outcome.answer is not None and outcome.answer.slug == service
    assert outcome.prediction.confidence >= 0.4


@pytest.mark.parametrize(
    "question", ["resep rendang", "cuaca besok gimana", "kartu kredit saya diblokir bank", "!!!"]
)
def test_off_topic_questions_abstain(small_catalog, question) -> None:
    outcome = find(question, channel="test")
    assert outcome.answer is None
    assert Decision.objects.get(pk=outcome.decision_id).abstained


def test_an_unsure_answer_still_offers_the_closest_services(small_catalog) -> None:
    outcome = find("kartu kredit saya diblokir bank", channel="test")
    assert outcome.answer is None
    assert [s.slug for s in outcome.closest][:1] == ["ktp-uji"]


def test_the_decision_log_names_the_shown_services_not_the_question(small_catalog) -> None:
    outcome = find("mau bikin ktp, nomor sy 3171012345670001", channel="portal")
    decision = Decision.objects.get(pk=outcome.decision_id)
    assert decision.output["service"] == "ktp-uji"
    assert "3171012345670001" not in str(decision.__dict__)
    assert decision.channel == "portal"
    assert "ktp" in decision.explanation


def test_editing_the_catalog_rebuilds_the_index(small_catalog) -> None:
    from pamong.catalog.models import Service

    assert find("surat berkelakuan baik untuk lamaran", channel="test").answer.slug == "skck-uji"
    service = Service.objects.get(slug="skck-uji")
    service.active = False
    service.save()
    outcome = find("surat kelakuan baik", channel="test")
    assert outcome.answer is None or outcome.answer.slug != "skck-uji"


def test_an_empty_question_logs_nothing(small_catalog) -> None:
    outcome = find("   ", channel="test")
    assert outcome.decision_id is None and Decision.objects.count() == 0


def test_an_empty_catalog_abstains_instead_of_failing(db) -> None:
    outcome = find("bikin ktp", channel="test")
    assert outcome.answer is None and outcome.closest == []
