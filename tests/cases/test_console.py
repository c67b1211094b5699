"""Officers work their unit's queue; supervisors verify, watch the SLA figures and export them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from pamong.cases import actions
from pamong.cases.models import Case
from pamong.cases.workflow import Status
from pamong.core.models import AuditEntry

ROAD = "Jalan di depan balai desa rusak parah dan berlubang, sudah setahun tidak diperbaiki."
AID = "Bantuan PKH ibu saya dihentikan tanpa pemberitahuan, padahal kami masih miskin."


@pytest.fixture
def road_case(trained_router, post_complaint):  # type: ignore[no-untyped-def]
    post_complaint(description=ROAD)
    return Case.objects.get(description=ROAD)


@pytest.fixture
def aid_case(trained_router, post_complaint):  # type: ignore[no-untyped-def]
    post_complaint(description=AID, confidential="yes")
    return Case.objects.get(description=AID)


def test_an_officer_sees_only_the_cases_of_her_unit(client, ani_in_public_works, road_case, aid_case) -> None:  # type: ignore[no-untyped-def]
    assert (road_case.unit.code, aid_case.unit.code) == ("dpupr", "dinsos")
    client.force_login(ani_in_public_works)
    queue = client.get(reverse("cases:queue")).content.decode()
    assert road_case.tracking_number in queue and aid_case.tracking_number not in queue
    assert client.get(reverse("cases:case", args=[aid_case.tracking_number])).status_code == 403
    assert client.get(reverse("cases:verification")).status_code == 403


def test_personal_data_is_masked_until_asked_for_and_every_look_is_logged(
    client, ani_in_public_works, road_case
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(ani_in_public_works)
    url = reverse("cases:case", args=[road_case.tracking_number])
    page = client.get(url).content.decode()
    assert "+6281234567890" not in page and "+62812******90" in page and "s***@contoh.id" in page
    revealed = client.get(url + "?identitas=1").content.decode()
    assert "+6281234567890" in revealed and "siti@contoh.id" in revealed
    assert AuditEntry.objects.filter(verb="cases.personal_data.viewed", actor_label="ani").count() == 1


def test_a_confidential_reporter_is_known_to_supervisors_only(client, ani, budi, units, aid_case) -> None:  # type: ignore[no-untyped-def]
    units["dinsos"].members.add(ani)
    client.force_login(ani)
    page = client.get(
        reverse("cases:case", args=[aid_case.tracking_number]) + "?identitas=1"
    ).content.decode()
    assert "Siti Aminah" not in page and "hanya supervisor" in page
    client.force_login(budi)
    page = client.get(
        reverse("cases:case", args=[aid_case.tracking_number]) + "?identitas=1"
    ).content.decode()
    assert "Siti Aminah" in page


def test_an_officer_replies_and_the_citizen_reads_it(
    client, ani_in_public_works, road_case, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(ani_in_public_works)
    url = reverse("cases:case-action", args=[road_case.tracking_number])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reply", "text": "Tim kami meninjau lokasi besok pagi."})
        client.post(url, {"action": "note", "text": "Perlu alat berat"})
    road_case.refresh_from_db()
    assert road_case.responded_at is not None
    citizen = client.session  # the same browser filed it and may read it
    assert road_case.tracking_number in citizen["cases_seen"]
    status = client.get(reverse("cases:status", args=[road_case.tracking_number])).content.decode()
    assert "Tim kami meninjau lokasi besok pagi." in status and "Perlu alat berat" not in status


def test_a_refused_move_comes_back_as_a_message(client, ani_in_public_works, road_case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(ani_in_public_works)
    response = client.post(
        reverse("cases:case-action", args=[road_case.tracking_number]),
        {"action": "reject", "text": ""},
        follow=True,
    )
    assert "alasannya" in response.content.decode()
    assert Case.objects.get(pk=road_case.pk).status == Status.SUBMITTED


def test_bulk_actions_apply_to_the_chosen_cases(
    client, ani_in_public_works, trained_router, post_complaint
) -> None:  # type: ignore[no-untyped-def]
    for street in ("Melati", "Mawar", "Kenanga"):
        post_complaint(
            description=f"Jalan {street} rusak parah dan berlubang, sudah setahun tidak diperbaiki"
        )
    numbers = list(Case.objects.values_list("tracking_number", flat=True))
    client.force_login(ani_in_public_works)
    client.post(reverse("cases:bulk"), {"action": "assign_me", "case": numbers[:2], "query": "status=open"})
    assigned = Case.objects.filter(assignee=ani_in_public_works, status=Status.ASSIGNED)
    assert sorted(assigned.values_list("tracking_number", flat=True)) == sorted(numbers[:2])


def test_a_supervisor_routes_what_the_router_left_and_it_becomes_training_data(
    client, budi, units, post_complaint
) -> None:  # type: ignore[no-untyped-def]
    post_complaint(description="Tolong dibuatkan taman bermain untuk anak-anak di lahan kosong desa kami")
    case = Case.objects.get()
    assert case.unit is None
    client.force_login(budi)
    page = client.get(reverse("cases:verification")).content.decode()
    assert case.tracking_number in page
    client.post(
        reverse("cases:case-action", args=[case.tracking_number]),
        {"action": "reroute", "unit": "disperkim", "text": "Diverifikasi", "next": "verification"},
    )
    case.refresh_from_db()
    assert case.unit.code == "disperkim"
    actions.verify(case, actor=budi)
    from pamong.cases.training import confirmed_examples

    assert (case.description, "disperkim", case.region_code) in confirmed_examples()


def test_the_dashboard_shows_sla_figures_and_exports_them_without_personal_data(
    client, budi, road_case, aid_case
) -> None:  # type: ignore[no-untyped-def]
    actions.resolve(road_case, actor=budi, resolution="Sudah ditambal.")
    client.force_login(budi)
    page = client.get(reverse("cases:dashboard")).content.decode()
    assert "Selesai tepat waktu" in page and "100%" in page and "<svg" in page
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("cases:dashboard-csv")).content.decode())))
    units = {row["label"]: row for row in rows if row["dimension"] == "unit"}
    assert units["DPUPR"]["on_time"] == "1" and units["Dinsos"]["open"] == "1"
    export = client.get(reverse("cases:export") + "?status=all").content.decode()
    assert road_case.tracking_number in export and "Siti" not in export and "+62812" not in export


def test_attachments_are_served_only_to_staff_of_the_case(
    client, ani, ani_in_public_works, budi, units, post_complaint
) -> None:  # type: ignore[no-untyped-def]
    from tests.cases.test_portal import _png, _upload

    post_complaint(photo=_upload("lubang.png", _png()))
    case = Case.objects.get()
    item = case.attachments.get()
    url = reverse("cases:attachment", args=[case.tracking_number, item.pk])
    assert client.get(url).status_code == 302  # not signed in: to the login page
    client.force_login(budi)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert AuditEntry.objects.filter(verb="cases.attachment.viewed").count() == 1


DECEASED_NIK = "3321015507450001"


@pytest.fixture
def death_certificate(shipped_catalog, units, committed):  # type: ignore[no-untyped-def]
    """An application for an akta kematian: the deceased's NIK and a witness's phone are service fields."""
    from pamong.cases import filing, uploads
    from pamong.catalog.models import Service
    from tests.cases.test_portal import APPLICANT, _png

    service = Service.objects.get(slug="akta-kematian")
    data = {
        **APPLICANT,
        "deceased_name": "Sumarni",
        "deceased_nik": DECEASED_NIK,
        "date_of_death": "2026-10-01",
    }
    needed = filing.required_documents(filing.application_spec(service), data)
    documents = {doc.requirement: uploads.check("dokumen.png", _png()) for doc in needed}
    extra = {"saksi": "Pak RT, HP 0813 2222 3333"}
    case = committed(actions.submit_application, service, data, documents, extra_fields=extra).case
    case.refresh_from_db()  # routed after commit
    assert case.unit.code == "disdukcapil" and case.fields["deceased_nik"] == DECEASED_NIK
    return case


def test_identifiers_in_service_fields_are_masked_until_personal_data_is_asked_for(
    client, ani, units, death_certificate
) -> None:  # type: ignore[no-untyped-def]
    units["disdukcapil"].members.add(ani)
    client.force_login(ani)
    url = reverse("cases:case", args=[death_certificate.tracking_number])
    page = client.get(url).content.decode()
    assert DECEASED_NIK not in page and "3321**********01" in page
    assert "0813 2222 3333" not in page and "Pak RT, HP 081******33" in page
    assert "Sumarni" in page and "2026-10-01" in page  # what is not an identifier stays readable
    assert not AuditEntry.objects.filter(verb="cases.personal_data.viewed").exists()
    revealed = client.get(url + "?identitas=1").content.decode()
    assert DECEASED_NIK in revealed and "0813 2222 3333" in revealed
    assert AuditEntry.objects.filter(verb="cases.personal_data.viewed", actor_label="ani").count() == 1


def test_the_case_page_shows_answers_under_their_labels_and_no_channel_bookkeeping(
    client, ani, units, death_certificate
) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases.models import Case

    Case.objects.filter(pk=death_certificate.pk).update(
        fields={**death_certificate.fields, "open311_token": "tok-secret-123", "telegram_chat_id": 99887766}
    )
    units["disdukcapil"].members.add(ani)
    client.force_login(ani)
    page = client.get(reverse("cases:case", args=[death_certificate.tracking_number])).content.decode()
    assert "tok-secret-123" not in page and "open311_token" not in page and "99887766" not in page
    assert "deceased_name" not in page and "Sumarni" in page
    assert '<h2 id="content">Isi permohonan</h2>' in page  # not the title, which repeats the text
