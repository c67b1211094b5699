"""A citizen adds a document or photo to a case after filing; the officer sees it arrive.

Only the session that showed the case's secret code may add; the file passes the same checks
as at filing (type from the content, size, metadata stripped); a closed case takes nothing.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from pamong.cases import actions, uploads
from pamong.cases.models import Attachment, Case, CaseEvent
from pamong.catalog.models import Service
from pamong.core.models import AuditEntry
from tests.cases.test_portal import APPLICANT
from tests.cases.test_upload_privacy import GPS_IFD, _phone_photo

PROGRAM = b"MZ\x90\x00" + b"\0" * 200  # a Windows program's first bytes
LOST_CARD_COPY = "Fotokopi KTP-el yang hilang"  # optional at filing; an officer may ask for it


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _file(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _shown_to(client: Client, submitted: actions.Submitted) -> Case:
    """The citizen types the number and code, as on the receipt; the session may now see the case."""
    number = submitted.case.tracking_number
    response = client.post(reverse("cases:track"), {"number": number, "code": submitted.secret_code})
    assert response.status_code == 302
    return submitted.case


@pytest.fixture
def complaint(client, units, complaint_data):  # type: ignore[no-untyped-def]
    return _shown_to(client, actions.submit_complaint(complaint_data))


@pytest.fixture
def application(client, shipped_catalog, units):  # type: ignore[no-untyped-def]
    """A KTP-el replacement for a lost card, filed with the family card and the police report."""
    service = Service.objects.get(slug="ktp-el-penggantian")
    documents = {
        "Kartu Keluarga (KK)": uploads.check("kk.png", _png()),
        "Surat keterangan kehilangan dari kepolisian": uploads.check("polisi.png", _png()),
    }
    submitted = actions.submit_application(service, {**APPLICANT, "reason": "hilang"}, documents)
    return _shown_to(client, submitted)


def _add(client: Client, case: Case, **data: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("cases:citizen-upload", args=[case.tracking_number]), data)


def test_a_citizen_adds_a_missing_document_and_the_officer_sees_it(client, application, budi) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("cases:status", args=[application.tracking_number])).content.decode()
    report = LOST_CARD_COPY
    assert "Tambah dokumen atau foto" in page and f'<option value="{report}"' in page and "Lainnya" in page

    actions.reply(application, actor=budi, text="Mohon kirim fotokopi KTP-el yang hilang bila ada.")
    note = "Fotokopi lama yang masih saya simpan."
    response = _add(client, application, file=_file("fotokopi.png", _png()), requirement=report, note=note)
    assert response.status_code == 302

    added = Attachment.objects.filter(case=application).order_by("id").last()
    assert added.requirement == report and added.content_type == "image/png"
    assert application.attachments.count() == 3
    event = CaseEvent.objects.filter(case=application, kind="citizen").get()
    assert event.actor_label == actions.CITIZEN and event.actor is None and event.public
    assert report in event.note and "fotokopi.png" in event.note and note in event.note
    assert AuditEntry.objects.filter(verb="cases.attachment.added").count() == 1

    citizen_page = client.get(response.url).content.decode()
    assert "Berkas terkirim ke petugas." in citizen_page and "Tambahan dari Anda" in citizen_page

    officer = Client()
    officer.force_login(budi)
    staff_page = officer.get(reverse("cases:case", args=[application.tracking_number])).content.decode()
    link = reverse("cases:attachment", args=[application.tracking_number, added.pk])
    assert f'<a href="{link}">{report}</a>' in staff_page and note in staff_page
    assert officer.get(link).status_code == 200


def test_a_file_that_is_none_of_the_documents_is_kept_as_other(client, application) -> None:  # type: ignore[no-untyped-def]
    response = _add(client, application, file=_file("foto-rumah.png", _png()), requirement="lainnya")
    assert response.status_code == 302
    added = Attachment.objects.filter(case=application).order_by("id").last()
    assert added.requirement == "" and added.original_name == "foto-rumah.png"


def test_a_document_the_service_does_not_have_is_refused(client, application) -> None:  # type: ignore[no-untyped-def]
    response = _add(client, application, file=_file("x.png", _png()), requirement="Surat sakti")
    assert response.status_code == 422 and "Pilih salah satu pilihan yang ada." in response.content.decode()
    assert application.attachments.count() == 2


def test_a_complaint_takes_a_photo_without_asking_which_document(client, complaint) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("cases:status", args=[complaint.tracking_number])).content.decode()
    assert "Tambah dokumen atau foto" in page and 'name="requirement"' not in page
    _add(client, complaint, file=_file("lubang.png", _png()))
    assert complaint.attachments.get().requirement == ""


def test_a_stranger_without_the_code_gets_404_and_nothing_is_stored(client, complaint) -> None:  # type: ignore[no-untyped-def]
    stranger = Client()
    response = _add(stranger, complaint, file=_file("x.png", _png()), note="bukan milik saya")
    assert response.status_code == 404
    unknown = stranger.post(
        reverse("cases:citizen-upload", args=["A2611-ZZZZZZ"]), {"file": _file("x.png", _png())}
    )
    assert unknown.status_code == 404
    assert Attachment.objects.count() == 0 and not CaseEvent.objects.filter(kind="citizen").exists()


def test_a_post_without_the_csrf_token_is_refused(complaint) -> None:  # type: ignore[no-untyped-def]
    browser = Client(enforce_csrf_checks=True)
    session = browser.session
    session["cases_seen"] = [complaint.tracking_number]
    session.save()
    assert browser.get(reverse("cases:status", args=[complaint.tracking_number])).status_code == 200
    response = _add(browser, complaint, file=_file("x.png", _png()))
    assert response.status_code == 403 and Attachment.objects.count() == 0


def test_a_program_renamed_jpg_is_refused_with_the_note_kept(client, complaint) -> None:  # type: ignore[no-untyped-def]
    response = _add(
        client, complaint, file=_file("foto.jpg", PROGRAM, "image/jpeg"), note="Foto lubang & genangan"
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Hanya PDF, JPG, PNG atau WebP yang diterima; isi berkas ini bukan salah satunya." in page
    assert 'value="Foto lubang &amp; genangan"' in page  # what was typed is still in the form
    assert Attachment.objects.count() == 0 and not CaseEvent.objects.filter(kind="citizen").exists()


def test_the_refusal_is_in_the_page_s_language(client, complaint) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _add(client, complaint, file=_file("foto.jpg", PROGRAM, "image/jpeg")).content.decode()
    assert "Only PDF, JPG, PNG or WebP files are accepted; this file is none of these." in page
    assert Attachment.objects.count() == 0


def test_no_file_and_a_too_long_note_are_both_explained(client, complaint) -> None:  # type: ignore[no-untyped-def]
    page = _add(client, complaint, note="panjang " * 60).content.decode()
    assert "Pilih berkas yang akan dikirim." in page and "Terlalu panjang" in page
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("ending", ["closed", "rejected"])
def test_a_closed_or_rejected_case_takes_no_more_files(client, complaint, budi, units, ending) -> None:  # type: ignore[no-untyped-def]
    if ending == "closed":
        actions.reroute(complaint, actor=budi, unit=units["dpupr"], reason="Jalan desa.")
        actions.resolve(complaint, actor=budi, resolution="Sudah ditambal.")
        actions.close(complaint, actor=budi)
    else:
        actions.reject(complaint, actor=budi, reason="Bukan laporan pelayanan publik.")
    status_url = reverse("cases:status", args=[complaint.tracking_number])
    assert "Tambah dokumen atau foto" not in client.get(status_url).content.decode()
    response = _add(client, complaint, file=_file("x.png", _png()))
    assert response.status_code == 302 and response.url == status_url
    page = client.get(status_url).content.decode()
    assert "berkas tidak bisa ditambahkan lagi" in page
    assert Attachment.objects.count() == 0 and not CaseEvent.objects.filter(kind="citizen").exists()


def test_a_photo_s_gps_position_is_stripped_before_it_is_stored(client, complaint) -> None:  # type: ignore[no-untyped-def]
    _add(client, complaint, file=_file("jalan.jpg", _phone_photo(), "image/jpeg"))
    attachment = complaint.attachments.get()
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert GPS_IFD not in image.getexif() and b"Budi" not in stored and b"Samsung" not in stored
    assert attachment.size == len(stored)


def test_flooding_files_from_one_connection_is_stopped(client, complaint, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_FOLLOW_UPS_PER_HOUR = 2
    codes = [_add(client, complaint, file=_file(f"{i}.png", _png())).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert complaint.attachments.count() == 2


# --- Adding information, reopening and rating are limited too --------------------------------


def _act(client: Client, case: Case, **data: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("cases:citizen-action", args=[case.tracking_number]), data)


def test_flooding_information_and_ratings_from_one_connection_is_stopped(
    client, complaint, budi, units, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_FOLLOW_UPS_PER_HOUR = 2
    added = [
        _act(client, complaint, action="add", text=f"Tambahan ke-{i}: lubangnya melebar.") for i in range(3)
    ]
    assert [response.status_code for response in added[:2]] == [302, 302]
    assert added[2].status_code == 429
    assert "Terlalu banyak percobaan. Coba lagi satu jam lagi." in added[2].content.decode()
    assert CaseEvent.objects.filter(case=complaint, kind="citizen").count() == 2
    # Its own window: a file sent later is counted apart from information and ratings.
    assert _add(client, complaint, file=_file("x.png", _png())).status_code == 302
    assert complaint.attachments.count() == 1

    actions.reroute(complaint, actor=budi, unit=units["dpupr"], reason="Jalan desa.")
    actions.resolve(complaint, actor=budi, resolution="Sudah ditambal.")
    refused = _act(client, complaint, action="rate", score="1", comment="spam")
    assert (
        refused.status_code == 429 and not Case.objects.filter(pk=complaint.pk, rating__isnull=False).exists()
    )
    reopen = _act(client, complaint, action="reopen", text="Belum beres.")
    assert reopen.status_code == 429 and Case.objects.get(pk=complaint.pk).status == "resolved"


@override_settings(CASES_SUBMISSIONS_PER_HOUR=1, CASES_FOLLOW_UPS_PER_HOUR=2)
def test_follow_ups_have_their_own_hourly_limit_apart_from_filing(client, complaint, post_complaint) -> None:  # type: ignore[no-untyped-def]
    assert [post_complaint().status_code for _ in range(2)] == [302, 422]  # filing's 1 is used up
    assert Case.objects.count() == 2

    added = [
        _act(client, complaint, action="add", text=f"Tambahan ke-{i}: lubangnya melebar.") for i in (1, 2)
    ]
    assert [response.status_code for response in added] == [302, 302]
    refused = _act(client, complaint, action="add", text="Tambahan ke-3: sekarang ada motor jatuh.")
    assert refused.status_code == 429
    assert ">Tambahan ke-3: sekarang ada motor jatuh.</textarea>" in refused.content.decode()
    assert CaseEvent.objects.filter(case=complaint, kind="citizen").count() == 2
    # Files sent later count in their own window, with the same number.
    codes = [_add(client, complaint, file=_file(f"{i}.png", _png())).status_code for i in range(3)]
    assert codes == [302, 302, 429] and complaint.attachments.count() == 2


def test_the_limit_is_explained_in_the_page_s_language(client, complaint, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_FOLLOW_UPS_PER_HOUR = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _act(client, complaint, action="add", text="Lubangnya makin besar setelah hujan.")
    response = _act(client, complaint, action="add", text="Lagi.")
    assert response.status_code == 429
    assert "Too many attempts. Please try again in an hour." in response.content.decode()
    assert CaseEvent.objects.filter(case=complaint, kind="citizen").count() == 1


def test_refused_information_and_ratings_come_back_with_what_was_typed(
    client, complaint, budi, units, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_FOLLOW_UPS_PER_HOUR = 1
    _act(client, complaint, action="add", text="Lubangnya makin besar setelah hujan.")
    refused = _act(client, complaint, action="add", text="Sekarang ada motor yang jatuh di sana.")
    assert refused.status_code == 429
    assert ">Sekarang ada motor yang jatuh di sana.</textarea>" in refused.content.decode()

    settings.CASES_FOLLOW_UPS_PER_HOUR = 100
    too_long = _act(client, complaint, action="add", text="x" * 5001)
    assert too_long.status_code == 422 and "x" * 5001 in too_long.content.decode()
    actions.reroute(complaint, actor=budi, unit=units["dpupr"], reason="Jalan desa.")
    actions.resolve(complaint, actor=budi, resolution="Sudah ditambal.")
    no_score = _act(client, complaint, action="rate", score="9", comment="Cepat & <b>rapi</b>")
    page = no_score.content.decode()
    assert no_score.status_code == 422 and "Cepat &amp; &lt;b&gt;rapi&lt;/b&gt;</textarea>" in page
    assert not Case.objects.filter(pk=complaint.pk, rating__isnull=False).exists()


# --- A file whose transaction fails is not left on disk ----------------------------------------


def _stored_files() -> set[str]:
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )


def _fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the audit log is unavailable")


def test_a_file_added_in_a_failed_transaction_leaves_no_file(complaint, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _stored_files()
    actions.citizen_attaches(complaint, uploads.check("ok.png", _png()))
    assert len(_stored_files() - before) == 1  # the file is where the check below looks
    before = _stored_files()
    monkeypatch.setattr(actions, "record", _fail)  # runs after the file is written
    with pytest.raises(RuntimeError):
        actions.citizen_attaches(complaint, uploads.check("gagal.png", _png()))
    assert _stored_files() == before
    assert Attachment.objects.filter(case=complaint).count() == 1


def test_a_report_whose_filing_fails_leaves_no_photo(units, complaint_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions.notifications, "queue_status", _fail)  # after the photo is written
    with pytest.raises(RuntimeError):
        actions.submit_complaint(complaint_data, photo=uploads.check("jalan.png", _png()))
    assert _stored_files() == set() and not Case.objects.exists() and not Attachment.objects.exists()


# --- The officer hears of what the citizen sends later -----------------------------------------


def _officer_mail(address: str):  # type: ignore[no-untyped-def]
    from pamong.cases.models import Notification

    return Notification.objects.filter(recipient=address).order_by("id")


def test_the_assigned_officer_is_told_of_a_later_file_and_information(
    client, complaint, budi, ani_in_public_works, units
) -> None:  # type: ignore[no-untyped-def]
    ani = ani_in_public_works
    units["dpupr"].members.add(budi)
    actions.reroute(complaint, actor=budi, unit=units["dpupr"], reason="Jalan desa.")
    actions.assign(complaint, actor=budi, assignee=ani)
    assert not _officer_mail(ani.email).exists()

    _act(client, complaint, action="add", text="Rumah saya cat hijau, HP 081234567890.")
    _add(client, complaint, file=_file("lubang.png", _png()))
    sent = list(_officer_mail(ani.email))
    assert [row.channel for row in sent] == ["email", "email"]
    number = complaint.tracking_number
    assert sent[0].subject == f"{number}: tambahan dari warga"
    assert f"Warga menambahkan informasi pada kasus {number}." in sent[0].body
    assert f"Warga mengirim berkas untuk kasus {number}." in sent[1].body
    assert f"/staf/kasus/{number}/" in sent[1].body
    for row in sent:  # the citizen's words and identity stay in the case
        assert "081234567890" not in row.body and "cat hijau" not in row.body and "Siti" not in row.body
    assert not _officer_mail(budi.email).exists()  # only the assigned officer


def test_an_unassigned_case_tells_its_unit_and_one_without_a_unit_tells_nobody(
    client, complaint, budi, ani_in_public_works, units
) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases.models import Notification

    _act(client, complaint, action="add", text="Masih di antrean verifikasi.")
    citizen = {complaint.citizen_email, "+6281234567890"}
    assert set(Notification.objects.values_list("recipient", flat=True)) <= citizen  # no unit: no officer

    units["dpupr"].members.add(budi)
    actions.reroute(complaint, actor=budi, unit=units["dpupr"], reason="Jalan desa.")
    _act(client, complaint, action="add", text="Lubangnya makin besar setelah hujan.")
    assert _officer_mail(ani_in_public_works.email).count() == 1
    assert _officer_mail(budi.email).count() == 1
