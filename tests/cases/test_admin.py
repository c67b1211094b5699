"""An administrator sets SLA periods and local days off in the admin; new cases are timed by them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from pamong.cases import actions, casetime
from pamong.cases.models import ApiClient, Holiday, SlaPolicy
from pamong.core.models import AuditEntry

MONDAY = timezone.make_aware(datetime(2026, 11, 2, 9, 0))


@pytest.fixture
def admin_client(client, db):  # type: ignore[no-untyped-def]
    dewi = User.objects.create_superuser("dewi", "dewi@example.id", "kata-sandi-uji-123")
    client.force_login(dewi)
    return client


def _file(complaint_data, committed, **changes):  # type: ignore[no-untyped-def]
    with casetime.at(MONDAY):
        return committed(actions.submit_complaint, {**complaint_data, **changes}).case


def test_an_sla_policy_added_in_the_admin_times_the_next_case(
    admin_client, units, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    before = _file(complaint_data, committed, category="infrastruktur")
    assert (before.verify_due, before.respond_due, before.resolve_due) == (
        date(2026, 11, 5),
        date(2026, 11, 9),
        date(2027, 1, 29),
    )  # 3/5/60 working days by default
    category = before.category
    response = admin_client.post(
        reverse("admin:cases_slapolicy_add"),
        {"category": category.pk, "service": "", "verify_days": 1, "respond_days": 2, "resolve_days": 4},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SlaPolicy.objects.get(category=category).resolve_days == 4
    assert AuditEntry.objects.filter(verb="admin.created", actor_label="dewi").count() == 1
    after = _file(complaint_data, committed, category="infrastruktur")
    assert (after.verify_due, after.respond_due, after.resolve_due) == (
        date(2026, 11, 3),
        date(2026, 11, 4),
        date(2026, 11, 6),
    )
    other = _file(complaint_data, committed, category="perhubungan")
    assert other.resolve_due == date(2027, 1, 29)  # other categories keep the default


def test_a_local_holiday_added_in_the_admin_moves_deadlines(
    admin_client, units, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        reverse("admin:cases_holiday_add"), {"date": "2026-11-03", "name": "Hari jadi kabupaten"}
    )
    assert response.status_code == 302 and Holiday.objects.count() == 1
    case = _file(complaint_data, committed)
    assert case.verify_due == date(2026, 11, 6)  # Tuesday off: Wed, Thu, Fri


@pytest.mark.parametrize(
    ("subject", "days", "problem"),
    [
        ({}, (3, 5, 60), "salah satu saja"),
        ({"both": True}, (3, 5, 60), "salah satu saja"),
        ({"category": True}, (3, 5, 2), "tidak boleh lebih pendek"),
    ],
)
def test_a_policy_needs_one_subject_and_a_resolution_no_shorter_than_the_rest(
    admin_client, units, shipped_catalog, subject, days, problem
) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases.models import Category
    from pamong.catalog.models import Service

    category = Category.objects.get(code="perhubungan")
    data = {
        "category": category.pk if subject else "",
        "service": Service.objects.get(slug="akta-kelahiran").pk if "both" in subject else "",
        "verify_days": days[0],
        "respond_days": days[1],
        "resolve_days": days[2],
    }
    response = admin_client.post(reverse("admin:cases_slapolicy_add"), data)
    assert response.status_code == 200 and problem in response.content.decode()
    assert not SlaPolicy.objects.filter(category=category).exists()


def test_reference_lists_open_and_open311_keys_are_made_only_by_the_command(admin_client, units) -> None:  # type: ignore[no-untyped-def]
    ApiClient.objects.create(name="Aplikasi kecamatan", key_hash="x" * 64)
    for model in ("category", "slapolicy", "holiday", "apiclient"):
        assert admin_client.get(reverse(f"admin:cases_{model}_changelist")).status_code == 200
    listing = admin_client.get(reverse("admin:cases_category_changelist") + "?q=infrastruktur")
    assert "Jalan, jembatan dan drainase" in listing.content.decode()
    assert admin_client.get(reverse("admin:cases_apiclient_add")).status_code == 403


def test_a_supervisor_may_set_sla_policies_and_an_officer_may_not(client, budi, ani, db) -> None:  # type: ignore[no-untyped-def]
    from pamong.core.roles import ensure_groups

    ensure_groups()
    client.force_login(budi)
    assert client.get(reverse("admin:cases_slapolicy_add")).status_code == 200
    assert client.get(reverse("admin:cases_holiday_changelist")).status_code == 200
    client.force_login(ani)
    assert client.get(reverse("admin:cases_slapolicy_add")).status_code in (302, 403)
