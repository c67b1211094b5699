"""The issue's whole story in one test: a citizen files a complaint through the assistant, it is
routed, an officer answers in the console, the citizen reads the answer by "cek status", and the
supervisor's dashboard counts it."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from pamong.assistant import dialog
from pamong.cases.models import Case


def test_filed_by_chat_routed_answered_read_by_the_citizen_and_counted(
    shipped_catalog, trained_router, ani_in_public_works, budi, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    conversation = dialog.start("web")

    def say(text: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return dialog.respond(conversation, text).text

    say("saya mau lapor jalan depan sekolah rusak parah dan berlubang, banyak motor jatuh")
    for answer in (
        "Banyumen",
        "1",
        "depan SD 2",
        "lewati",  # no photo
        "tidak",
        "tidak",
        "Siti Aminah",
        "0812 3456 7890",
        "lewati",
    ):
        say(answer)
    number, code = re.search(r"Nomor lacak: (\S+)\. Kode rahasia: (\S+)\.", say("ya")).groups()
    case = Case.objects.get(tracking_number=number)
    assert case.unit.code == "dpupr"  # routed by the router, no one had to verify it

    officer = Client()
    officer.force_login(ani_in_public_works)
    queue = officer.get(reverse("cases:queue")).content.decode()
    assert number in queue
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            reverse("cases:case-action", args=[number]),
            {"action": "reply", "text": "Tim kami menambal jalan itu hari Kamis."},
        )

    status = say(f"cek status {number} {code}")
    assert number in status and "Tim kami menambal jalan itu hari Kamis." in status

    supervisor = Client()
    supervisor.force_login(budi)
    dashboard = supervisor.get(reverse("cases:dashboard")).content.decode()
    assert "<svg" in dashboard and "DPUPR" in dashboard and "Mranggen" in dashboard
