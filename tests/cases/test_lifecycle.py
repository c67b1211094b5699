"""A complaint's life: filed, routed or queued, worked by an officer, resolved, rated; history kept."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from pamong.ai.models import Decision, ReviewOutcome
from pamong.cases import actions, sla
from pamong.cases.access import citizen_case
from pamong.cases.models import CaseEvent, Notification
from pamong.cases.training import current, import_history, retrain
from pamong.cases.workflow import Status
from pamong.core.models import AppendOnlyError
from tests.conftest import REPO


def test_a_filed_complaint_gets_a_random_tracking_number_and_a_secret_code(
    units, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    submitted = committed(actions.submit_complaint, complaint_data)
    case = submitted.case
    assert re.fullmatch(r"A\d{4}-[0-9A-HJKMNP-TV-Z]{6}", case.tracking_number)
    assert len(submitted.secret_code) == 8 and submitted.secret_code not in case.secret_hash
    assert citizen_case(case.tracking_number.lower(), submitted.secret_code) == case
    assert citizen_case(case.tracking_number, "WRONGCOD") is None
    assert case.citizen_phone == "+6281234567890"
    assert case.status == Status.SUBMITTED


def test_the_citizen_is_told_the_number_by_email(units, complaint_data, committed) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    assert Notification.objects.filter(case=case, channel="email", status="sent").count() == 1
    assert case.tracking_number in mail.outbox[0].subject
    assert "/lacak/" in mail.outbox[0].body


def test_with_no_trained_router_every_complaint_waits_for_verification(
    units, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    case.refresh_from_db()
    decision = Decision.objects.get(subject=case.tracking_number)
    assert case.unit is None and decision.abstained and decision.model_version == "untrained"


def test_a_trained_router_sends_a_road_complaint_to_public_works(
    trained_router, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    case.refresh_from_db()
    assert case.unit.code == "dpupr"
    assert case.routing_decision.model_version == trained_router
    assert case.routing_decision.confidence >= 0.6
    public = [event.note for event in case.events.filter(public=True)]
    assert any("Dinas Pekerjaan Umum" in note for note in public)


def test_an_anonymous_report_keeps_no_identity_and_sends_no_mail(units, complaint_data, committed) -> None:  # type: ignore[no-untyped-def]
    complaint_data["anonymous"] = "yes"
    case = committed(actions.submit_complaint, complaint_data).case
    assert (case.citizen_name, case.citizen_nik, case.citizen_phone, case.citizen_email) == ("", "", "", "")
    assert not Notification.objects.filter(case=case).exists()


def test_mistakes_are_all_reported_at_once_in_plain_language(units, complaint_data, committed) -> None:  # type: ignore[no-untyped-def]
    complaint_data.update(description="rusak", region="31.71.01.1001", phone="12345", email="")
    with pytest.raises(actions.FilingError) as caught:
        committed(actions.submit_complaint, complaint_data)
    errors = caught.value.errors
    assert "paling sedikit 20 karakter" in errors["description"]
    assert "di luar wilayah" in errors["region"]
    assert "08 atau +62" in errors["phone"]


def test_an_officer_verifies_starts_replies_and_resolves(
    trained_router, ani_in_public_works, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    case.refresh_from_db()
    committed(actions.verify, case, actor=ani_in_public_works)
    committed(
        actions.reply, case, actor=ani_in_public_works, text="Tim kami akan meninjau lokasi hari Senin."
    )
    committed(
        actions.resolve, case, actor=ani_in_public_works, resolution="Jalan sudah ditambal pada 12 Januari."
    )
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.verified_at and case.responded_at and case.resolved_at
    moves = list(case.events.filter(kind="status").values_list("to_status", flat=True))
    assert moves == [Status.SUBMITTED, Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED]
    # Accepting the routed case confirmed the router's decision.
    assert case.routing_decision.reviews.get().outcome == ReviewOutcome.CONFIRMED
    bodies = [message.body for message in mail.outbox]
    assert any("meninjau lokasi hari Senin" in body for body in bodies)


def test_a_move_the_workflow_does_not_allow_is_refused_with_a_reason(
    trained_router, ani_in_public_works, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    with pytest.raises(actions.MoveRefused, match="tidak bisa diubah"):
        committed(actions.close, case, actor=ani_in_public_works)
    with pytest.raises(actions.MoveRefused, match="alasannya"):
        committed(actions.reject, case, actor=ani_in_public_works, reason="  ")


def test_not_our_authority_reroutes_and_teaches_the_router(
    trained_router, ani_in_public_works, units, committed
) -> None:  # type: ignore[no-untyped-def]
    data = {
        "kind": "complaint",
        "description": "Jalan di depan pasar rusak parah dan berlubang, sudah setahun tidak diperbaiki",
        "region": "33.21.01.2002",
        "anonymous": "yes",
    }
    case = committed(actions.submit_complaint, data).case
    case.refresh_from_db()
    assert case.unit.code == "dpupr"
    committed(actions.verify, case, actor=ani_in_public_works)
    committed(
        actions.reroute,
        case,
        actor=ani_in_public_works,
        unit=units["disperkim"],
        reason="Lubangnya karena pipa air bersih bocor: urusan Disperkim",
    )
    case.refresh_from_db()
    assert (case.status, case.unit.code) == (Status.REROUTED, "disperkim")
    moves = list(case.events.filter(kind="status").values_list("to_status", flat=True))
    assert moves[-2:] == [Status.NOT_OUR_AUTHORITY, Status.REROUTED]
    outcomes = list(case.routing_decision.reviews.order_by("id").values_list("outcome", "corrected_output"))
    assert outcomes == [(ReviewOutcome.CONFIRMED, None), (ReviewOutcome.OVERRIDDEN, {"label": "disperkim"})]


def test_retraining_learns_from_history_and_is_skipped_when_nothing_changed(units) -> None:  # type: ignore[no-untyped-def]
    assert retrain() is None  # nothing to learn from yet
    assert import_history(REPO / "data/cases/demo-history.csv") == 270
    version = retrain()
    assert version is not None and current().version == version
    assert retrain() is None
    assert retrain(force=True) == version


def test_history_cannot_be_rewritten(units, complaint_data, committed) -> None:  # type: ignore[no-untyped-def]
    event = committed(actions.submit_complaint, complaint_data).case.events.first()
    event.note = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        CaseEvent.objects.filter(pk=event.pk).update(note="changed")


def test_the_citizen_rates_once_and_only_after_resolution(
    trained_router, ani_in_public_works, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    with pytest.raises(actions.MoveRefused, match="setelah kasus selesai"):
        committed(actions.rate, case, score=5)
    case.refresh_from_db()
    committed(actions.resolve, case, actor=ani_in_public_works, resolution="Sudah diperbaiki.")
    assert committed(actions.rate, case, score=4, comment="cepat").score == 4
    with pytest.raises(actions.MoveRefused, match="sudah memberi penilaian"):
        committed(actions.rate, case, score=5)


def test_every_case_shows_its_deadlines_in_working_days(units, complaint_data, committed) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    clock = sla.clock(case)
    assert clock.stage == "verify" and clock.due == case.verify_due and not clock.overdue
    assert clock.working_days_left == 3
    assert case.verify_due < case.respond_due < case.resolve_due
