"""Triage after filing: a report that repeats an open one is linked and the citizen told; urgent first,
and the receipt of a report of danger tells the citizen to call 112 before anything else."""

from __future__ import annotations

from django.urls import reverse

from pamong.cases import actions
from pamong.cases.models import Case, Notification

SAME = "Jalan di depan balai desa rusak berat dan berlubang dalam, sudah setahun belum diperbaiki."
OTHER = "Lampu penerangan jalan di gang masjid mati semua sejak dua minggu, gelap dan rawan."


def test_a_repeated_report_is_linked_to_the_open_one_and_the_citizen_is_told(
    trained_router, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    first = committed(actions.submit_complaint, complaint_data).case
    committed(actions.submit_complaint, {**complaint_data, "description": OTHER})
    again = committed(actions.submit_complaint, {**complaint_data, "description": SAME}).case
    again.refresh_from_db()
    assert again.duplicate_of_id == first.pk
    told = Notification.objects.filter(case=again, channel="email").order_by("pk").last()
    assert first.tracking_number in told.body
    public = [event.note for event in again.events.filter(public=True)]
    assert any(first.tracking_number in note for note in public)


def test_an_unrelated_report_from_the_same_village_is_not_a_duplicate(
    trained_router, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    committed(actions.submit_complaint, complaint_data)
    other = committed(actions.submit_complaint, {**complaint_data, "description": OTHER}).case
    other.refresh_from_db()
    assert other.duplicate_of_id is None


def test_a_report_of_danger_to_life_is_flagged_and_listed_first(
    trained_router, complaint_data, committed
) -> None:  # type: ignore[no-untyped-def]
    committed(actions.submit_complaint, {**complaint_data, "description": OTHER})
    danger = (
        "Tanggul sungai jebol, banjir masuk rumah warga setinggi dada, ada lansia terjebak di atap "
        "dan belum dievakuasi."
    )
    urgent = committed(actions.submit_complaint, {**complaint_data, "description": danger}).case
    urgent.refresh_from_db()
    assert urgent.urgent and urgent.urgency_reasons
    assert Case.objects.first().pk == urgent.pk  # the model's ordering puts urgent reports first


def test_a_case_whose_routing_never_ran_is_routed_by_the_next_tick(trained_router, complaint_data) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from pamong.cases import casetime
    from pamong.cases.tasks import tick

    # Without ``committed`` the after-commit routing never runs: as if it had failed.
    stuck = actions.submit_complaint(complaint_data).case
    fresh = actions.submit_complaint({**complaint_data, "description": OTHER}).case
    Case.objects.filter(pk=stuck.pk).update(submitted_at=casetime.now() - timedelta(minutes=10))
    assert tick()["routed"] == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.routing_decision is not None
    assert stuck.events.filter(kind="routing").exists()
    assert fresh.routing_decision is None  # still within its own triage's time
    assert tick()["routed"] == 0  # routed once, never twice


def test_a_filing_reads_before_its_transaction_and_only_writes_inside_it(
    trained_router, complaint_data
) -> None:  # type: ignore[no-untyped-def]
    """On SQLite one writer holds the lock for the whole transaction (decision record 0061):
    validation, category, holidays and deadlines are read first, so the transaction only writes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actions.submit_complaint(complaint_data)  # warms the per-process copies
    with CaptureQueriesContext(connection) as queries:
        actions.submit_complaint({**complaint_data, "description": OTHER, "category": "infrastruktur"})
    statements = [query["sql"].split()[0] for query in queries.captured_queries]
    opened = statements.index("SAVEPOINT")  # the filing's transaction (inside the test's own)
    inside = statements[opened : len(statements) - statements[::-1].index("RELEASE")]
    assert set(inside) <= {"SAVEPOINT", "RELEASE", "INSERT", "UPDATE"}, statements
    assert inside.count("INSERT") >= 3  # the case, its history, the audit entry


# --- a report of danger: the receipt says "call 112" before anything else -------------------
CALL_112 = "Dalam keadaan darurat yang mengancam nyawa, hubungi 112."
DANGER = "Kabel listrik putus menjuntai ke jalan depan SD 2, anak-anak lewat situ setiap pagi."


def test_the_web_receipt_of_a_report_of_danger_says_call_112_first(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    response = post_complaint(description=DANGER)
    page = client.get(response.url).content.decode()
    case = Case.objects.get()
    assert case.urgent  # triage agrees with what the receipt said
    content = page[page.index("<main") :]  # the title names the tracking number too
    assert CALL_112 in content and "pemadam kebakaran 113, polisi 110, ambulans 118 atau 119" in content
    assert "bukan layanan darurat" in content
    assert content.index(CALL_112) < content.index("Terima kasih, sudah kami terima")
    assert content.index(CALL_112) < content.index(case.tracking_number)
    assert client.get(reverse("cases:receipt")).status_code == 302  # still shown once


def test_the_web_receipt_says_call_112_even_before_triage_has_run(client, units, complaint_data) -> None:  # type: ignore[no-untyped-def]
    # Posted without running the after-commit work: as when triage waits for a worker.
    response = client.post(
        reverse("cases:complaint"), {**complaint_data, "action": "submit", "description": DANGER}
    )
    assert not Case.objects.get().urgent
    assert CALL_112 in client.get(response.url).content.decode()


def test_an_ordinary_web_receipt_has_no_emergency_notice(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    response = post_complaint()  # a damaged road
    page = client.get(response.url).content.decode()
    assert "Nomor lacak" in page and "hubungi 112" not in page and "bukan layanan darurat" not in page


def _file_by_chat(say, opening: str):  # type: ignore[no-untyped-def]
    """The chat filing from ``opening`` to its confirmation; returns (confirmation, receipt)."""
    first = say(opening)
    assert first.kind == "filing", first.text
    for answer in ("Banyumeneng", "gang masjid", "lewati", "tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        say(answer)
    confirmation = say("lewati")
    assert "Periksa lagi" in confirmation.text
    return confirmation, say("ya")


def test_the_chat_confirmation_and_receipt_of_a_report_of_danger_say_call_112_first(chat) -> None:  # type: ignore[no-untyped-def]
    # A flood is urgent for the office but not an emergency interrupting the chat: it is filed.
    confirmation, receipt = _file_by_chat(
        chat, "saya mau lapor banjir masuk rumah warga setinggi lutut sejak tadi malam di gang masjid"
    )
    for reply in (confirmation, receipt):
        assert reply.text.startswith(CALL_112), reply.text
        assert "ambulans 118 atau 119" in reply.text and "bukan layanan darurat" in reply.text
    assert receipt.text.index("Nomor lacak") > receipt.text.index("bukan layanan darurat")
    assert Case.objects.get().urgent


def test_an_ordinary_chat_filing_has_no_emergency_notice(chat) -> None:  # type: ignore[no-untyped-def]
    confirmation, receipt = _file_by_chat(
        chat, "saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari"
    )
    assert confirmation.text.startswith("Periksa lagi") and receipt.text.startswith("Terkirim. Nomor lacak")
    assert "hubungi 112" not in confirmation.text and "hubungi 112" not in receipt.text
