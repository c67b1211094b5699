"""Deadlines count working days: weekends, national holidays and cuti bersama are skipped."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pamong.cases import actions, casetime, sla
from pamong.cases.calendar import WorkingCalendar
from pamong.cases.models import Holiday, Kind, Notification, SlaPolicy
from pamong.cases.workflow import Status
from pamong.core import roles
from pamong.core.models import AuditEntry


def test_idul_fitri_2026_and_its_joint_leave_are_not_working_days() -> None:
    calendar = WorkingCalendar(date(2026, 1, 1), date(2026, 12, 31))
    # Thursday 19 March (Nyepi) to Tuesday 24 March 2026 (cuti bersama Idul Fitri): all off.
    assert not any(calendar.is_working_day(date(2026, 3, day)) for day in range(18, 25))
    # Filed on Tuesday 17 March: three working days later is Friday 27 March, not Friday 20.
    assert calendar.add(date(2026, 3, 17), 3) == date(2026, 3, 27)
    assert calendar.between(date(2026, 3, 17), date(2026, 3, 27)) == 3


def test_a_weekend_is_skipped_and_a_regional_holiday_counts_too(db) -> None:  # type: ignore[no-untyped-def]
    assert WorkingCalendar.around(date(2026, 11, 6)).add(date(2026, 11, 6), 1) == date(2026, 11, 9)
    Holiday.objects.create(date=date(2026, 11, 9), name="Hari jadi kabupaten")
    assert WorkingCalendar.around(date(2026, 11, 6)).add(date(2026, 11, 6), 1) == date(2026, 11, 10)


def test_a_service_policy_wins_over_the_category_and_the_default(units, shipped_catalog) -> None:  # type: ignore[no-untyped-def]
    from pamong.catalog.models import Service

    service = Service.objects.get(slug="akta-kelahiran")
    assert sla.policy_days() == (3, 5, 60)
    assert sla.policy_days(category=_category("bencana")) == (3, 5, 10)
    SlaPolicy.objects.create(service=service, verify_days=1, respond_days=2, resolve_days=7)
    assert sla.policy_days(service=service, category=_category("bencana")) == (1, 2, 7)


# Tuesday 17 March 2026: Nyepi, Idul Fitri and their cuti bersama take 18-24 March, Good Friday 3 April.
BEFORE_LEBARAN = date(2026, 3, 17)


def test_an_information_request_is_answered_within_ten_working_days(db) -> None:  # type: ignore[no-untyped-def]
    """UU 14/2008 art. 22(7): ten working days, not the sixty of a complaint."""
    assert sla.INFORMATION == Kind.INFORMATION
    assert sla.policy_days(kind=Kind.INFORMATION) == (3, 5, 10)
    due = sla.deadlines(BEFORE_LEBARAN, sla.policy_days(kind=Kind.INFORMATION))
    assert due == sla.Deadlines(date(2026, 3, 27), date(2026, 3, 31), date(2026, 4, 8))
    # Art. 22(8): extended once, by seven working days more, with written reasons.
    calendar = WorkingCalendar.around(BEFORE_LEBARAN)
    assert calendar.add(due.resolve, sla.INFORMATION_EXTENSION_DAYS) == date(2026, 4, 17)


def test_a_complaint_filed_the_same_day_still_gets_sixty_working_days(db) -> None:  # type: ignore[no-untyped-def]
    for kind in (Kind.COMPLAINT, Kind.ASPIRATION, ""):
        assert sla.policy_days(kind=kind) == (3, 5, 60)
    due = sla.deadlines(BEFORE_LEBARAN, sla.policy_days(kind=Kind.COMPLAINT))
    # 9 June counting weekends only; 13 holidays and cuti bersama later it is 26 June.
    assert due.resolve == date(2026, 6, 26)
    assert WorkingCalendar.around(BEFORE_LEBARAN).between(BEFORE_LEBARAN, due.resolve) == 60


def test_a_category_policy_shortens_an_information_request_but_never_lengthens_it(units) -> None:  # type: ignore[no-untyped-def]
    population = _category("kependudukan")
    SlaPolicy.objects.create(category=population, verify_days=3, respond_days=14, resolve_days=30)
    assert sla.policy_days(category=population, kind=Kind.COMPLAINT) == (3, 14, 30)
    assert sla.policy_days(category=population, kind=Kind.INFORMATION) == (3, 10, 10)
    assert sla.policy_days(category=_category("bencana"), kind=Kind.INFORMATION) == (3, 5, 10)
    SlaPolicy.objects.filter(category=population).update(verify_days=1, respond_days=2, resolve_days=7)
    assert sla.policy_days(category=population, kind=Kind.INFORMATION) == (1, 2, 7)


def test_an_information_request_filed_before_lebaran_is_due_on_8_april(units, complaint_data) -> None:  # type: ignore[no-untyped-def]
    with casetime.at(timezone.make_aware(datetime(2026, 3, 17, 9, 0))):
        complaint = actions.submit_complaint(complaint_data).case
        request = actions.submit_complaint({**complaint_data, "kind": "information"}).case
    assert complaint.resolve_due == date(2026, 6, 26)
    assert (request.kind, request.resolve_due) == ("information", date(2026, 4, 8))


def _category(code: str):  # type: ignore[no-untyped-def]
    from pamong.cases.models import Category

    return Category.objects.get(code=code)


def test_overdue_cases_are_escalated_once_per_stage(units, complaint_data, committed) -> None:  # type: ignore[no-untyped-def]
    monday = timezone.make_aware(datetime(2026, 11, 2, 9, 0))
    with casetime.at(monday):
        case = committed(actions.submit_complaint, complaint_data).case
    assert case.verify_due == date(2026, 11, 5)
    assert actions.escalate_overdue(date(2026, 11, 5)) == []  # due today: not late yet
    late = actions.escalate_overdue(date(2026, 11, 6))
    assert [c.pk for c in late] == [case.pk]
    assert actions.escalate_overdue(date(2026, 11, 9)) == []  # the same stage is escalated once
    event = case.events.get(kind="escalation")
    assert not event.public and "verifikasi" in event.note
    clock = sla.clock(case, date(2026, 11, 9))
    assert clock.overdue and clock.working_days_left == -2


def test_resolved_cases_close_themselves_after_the_waiting_days(
    trained_router, ani_in_public_works, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    start = timezone.make_aware(datetime(2026, 10, 1, 9, 0))
    with casetime.at(start):
        case = committed(actions.submit_complaint, complaint_data).case
    with casetime.at(start + timezone.timedelta(days=2)):
        committed(actions.resolve, case, actor=ani_in_public_works, resolution="Sudah diperbaiki.")
    with casetime.at(start + timezone.timedelta(days=20)):
        assert actions.close_resolved(days=10) == 1
    case.refresh_from_db()
    assert case.status == Status.CLOSED and sla.met_resolution(case) is True


@pytest.fixture
def supervisors(budi, db):  # type: ignore[no-untyped-def]
    """Budi and Sari supervise; a former supervisor (inactive) and Ani the officer must hear nothing."""
    group = Group.objects.get(name=roles.SUPERVISOR)
    sari = User.objects.create_user("sari", "sari@example.id", "kata-sandi-uji-123")
    gone = User.objects.create_user("lama", "lama@example.id", "kata-sandi-uji-123", is_active=False)
    for user in (sari, gone):
        user.groups.add(group)
    return [budi, sari]


def test_an_overdue_case_is_mailed_to_each_supervisor_once_per_stage(
    units, ani, supervisors, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    weeks_ago = timezone.now() - timezone.timedelta(days=28)
    with casetime.at(weeks_ago):
        case = committed(actions.submit_complaint, complaint_data).case
    addresses = {"budi@example.id", "sari@example.id"}
    mail.outbox.clear()
    for _tick in range(2):
        committed(call_command, "cases", "tick", stdout=io.StringIO())
    escalations = Notification.objects.filter(case=case).exclude(recipient=case.citizen_email)
    assert sorted(escalations.values_list("recipient", "status")) == [
        ("budi@example.id", "sent"),
        ("sari@example.id", "sent"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert case.tracking_number in mail.outbox[0].subject and "verifikasi" in mail.outbox[0].subject
    assert f"/staf/kasus/{case.tracking_number}/" in mail.outbox[0].body
    assert "Siti" not in mail.outbox[0].body  # the reporter stays out of the mail

    # A supervisor places and verifies it; the follow-up deadline has passed too: one more mail each.
    committed(actions.reroute, case, actor=supervisors[0], unit=units["dpupr"], reason="jalan kabupaten")
    committed(actions.verify, case, actor=supervisors[0])
    for _tick in range(2):
        committed(actions.escalate_overdue)
    stages = escalations.values_list("subject", flat=True)
    assert len(stages) == 4 and sum("tindak lanjut pertama" in subject for subject in stages) == 2
    assert AuditEntry.objects.filter(verb="cases.case.escalated").count() == 2


def test_the_overdue_filter_of_the_queue_lists_the_escalated_case(
    client, units, budi, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    with casetime.at(timezone.now() - timezone.timedelta(days=28)):
        late = committed(actions.submit_complaint, complaint_data).case
    fresh = committed(actions.submit_complaint, complaint_data).case
    assert [c.pk for c in actions.escalate_overdue()] == [late.pk]
    client.force_login(budi)
    overdue = client.get(reverse("cases:queue"), {"flag": "overdue"}).content.decode()
    assert late.tracking_number in overdue and fresh.tracking_number not in overdue
    everything = client.get(reverse("cases:queue")).content.decode()
    assert late.tracking_number in everything and fresh.tracking_number in everything
