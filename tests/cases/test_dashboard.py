"""The supervisor's dashboard: SLA figures count overdue open cases as misses, in the page's language.

Seven complaints in November 2026 (no holidays that month), looked at on Wednesday 18 November.
Filed Monday 2 November, a complaint is due for verification on Thursday 5, for a first
response on Monday 9 and, in the disaster category (10 working days), for resolution on Monday 16.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pamong.cases import actions, casetime, stats
from pamong.cases.models import Case

TODAY = date(2026, 11, 18)


def _at(day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour, 0))


@pytest.fixture
def november(units, budi, complaint_data):  # type: ignore[no-untyped-def]
    """The seven cases, by letter; every move is made by Budi on the day it says."""

    def file(day: int, **changes: str) -> Case:
        with casetime.at(_at(day, 9)):
            return actions.submit_complaint({**complaint_data, **changes}).case

    def on(day: int, action, case: Case, **params) -> Case:  # type: ignore[no-untyped-def]
        with casetime.at(_at(day)):
            action(case, actor=budi, **params)
        case.refresh_from_db()
        return case

    def place(day: int, case: Case, unit: str) -> Case:
        return on(day, actions.reroute, case, unit=units[unit], reason="wewenang unit ini")

    cases = {}
    # A: verified, answered and resolved in time.
    cases["a"] = place(2, file(2), "dpupr")
    on(4, actions.verify, cases["a"])
    on(6, actions.reply, cases["a"], text="Tim kami sudah melihat lokasinya.")
    on(10, actions.resolve, cases["a"], resolution="Sudah ditambal.")
    # B: verified late (Monday 9), no answer yet: verification missed, first response overdue.
    cases["b"] = place(2, file(2), "dpupr")
    on(9, actions.verify, cases["b"])
    # C: never verified: both verification and first response are overdue.
    cases["c"] = file(2)
    # D: filed yesterday: nothing is due yet, it counts nowhere.
    cases["d"] = file(17)
    # E: rejected the next day, before verification: out of the verification figure.
    cases["e"] = on(3, actions.reject, file(2), reason="Bukan pengaduan pelayanan publik.")
    # F: a disaster, taken up at once but still open past its 10 working days.
    cases["f"] = place(2, file(2, category="bencana"), "dpupr")
    on(3, actions.start, cases["f"])
    # G: resolved in three days.
    cases["g"] = place(2, file(2), "dpupr")
    on(3, actions.verify, cases["g"])
    on(5, actions.resolve, cases["g"], resolution="Sudah diperbaiki.")
    for case, score in ((cases["a"], 5), (cases["g"], 4)):
        with casetime.at(_at(12)):
            actions.rate(case, score=score)
    return cases


def test_the_deadlines_of_the_november_cases_are_as_the_story_says(november) -> None:  # type: ignore[no-untyped-def]
    a, f = november["a"], november["f"]
    assert (a.verify_due, a.respond_due) == (date(2026, 11, 5), date(2026, 11, 9))
    assert f.resolve_due == date(2026, 11, 16)


def test_an_unverified_case_past_its_deadline_is_a_missed_verification(november) -> None:  # type: ignore[no-untyped-def]
    figures = stats.compute(Case.objects.all(), today=TODAY)
    # Met: A, F, G. Missed: B (late) and C (still waiting). D is within its deadline, E was rejected.
    assert (figures.verification.met, figures.verification.missed) == (3, 2)
    assert figures.verified_on_time == pytest.approx(0.6)


def test_an_open_case_past_its_response_or_resolution_deadline_is_a_miss(november) -> None:  # type: ignore[no-untyped-def]
    figures = stats.compute(Case.objects.all(), today=TODAY)
    # First response: A (reply), E (the rejection), F (taken up), G (resolution) in time; B, C none.
    assert (figures.first_response.met, figures.first_response.missed) == (4, 2)
    # Resolution: A and G in time; F open past Monday 16. B, C, D are open within it; E rejected.
    assert (figures.resolution.met, figures.resolution.missed) == (2, 1)
    assert figures.compliance == pytest.approx(2 / 3) and figures.finished == 2
    assert figures.overdue == 3  # B, C and F, as the queue's overdue filter says


def test_an_open_case_counts_from_the_day_after_its_deadline(november) -> None:  # type: ignore[no-untyped-def]
    never_verified = Case.objects.filter(pk=november["c"].pk)

    def counted(day: int) -> tuple[int, int, int]:
        figures = stats.compute(never_verified, today=date(2026, 11, day))
        return (
            figures.verification.missed,
            figures.first_response.missed,
            figures.verification.counted + figures.first_response.counted + figures.resolution.counted,
        )

    assert counted(5) == (0, 0, 0)  # due for verification today: not counted yet
    assert stats.compute(never_verified, today=date(2026, 11, 5)).verified_on_time is None
    assert counted(6) == (1, 0, 1)  # a day late for verification; the answer is due on Monday 9
    assert counted(10) == (1, 1, 2)


def test_the_dashboard_shows_the_three_deadlines_and_says_how_they_count(client, budi, november) -> None:  # type: ignore[no-untyped-def]
    client.force_login(budi)
    with casetime.at(_at(18)):
        page = client.get(reverse("cases:dashboard")).content.decode()
    facts = _text(page[page.index('<dl class="facts">') : page.index("</dl>")])
    assert "Selesai tepat waktu 67% (2/3)" in facts
    assert "Diverifikasi tepat waktu 60% (3/5)" in facts
    assert "Tindak lanjut pertama tepat waktu 67% (4/6)" in facts
    assert "Terlambat 3" in facts
    assert "kasus terbuka yang sudah lewat batas" in page and 'id="sla-definition"' in page


def test_the_indonesian_dashboard_writes_indonesian_months_and_decimal_commas(client, budi, november) -> None:  # type: ignore[no-untyped-def]
    client.force_login(budi)
    with casetime.at(_at(18)):
        main = _main(client.get(reverse("cases:dashboard")).content.decode())
    # 90 days back from 18 November: the first week starts on Monday 17 August.
    assert "17 Agu" in main and "5 Okt" in main and "2 Nov" in main
    assert "Aug" not in main and "Oct" not in main
    assert "4,5 / 5" in main  # the citizens' rating, (5 + 4) / 2
    assert "<td>5,5</td>" in main  # DPUPR's median days, of 8 (A) and 3 (G)
    assert not re.search(r"\d\.\d", _text(main))


def test_the_english_dashboard_writes_english_months_and_decimal_points(client, budi, november) -> None:  # type: ignore[no-untyped-def]
    client.force_login(budi)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with casetime.at(_at(18)):
        main = _main(client.get(reverse("cases:dashboard")).content.decode())
    assert "17 Aug" in main and "5 Oct" in main
    assert "Agu" not in main and "Okt" not in main
    assert "4.5 / 5" in main and "<td>5.5</td>" in main
    assert not re.search(r"\d,\d", _text(main))


def test_the_csv_keeps_decimal_points_on_an_indonesian_page(client, budi, november) -> None:  # type: ignore[no-untyped-def]
    client.force_login(budi)
    with casetime.at(_at(18)):
        body = client.get(reverse("cases:dashboard-csv")).content.decode()
    rows = {(row["dimension"], row["label"]): row for row in csv.DictReader(io.StringIO(body))}
    dpupr = rows[("unit", "DPUPR")]
    # A and G resolved in time, F open past its deadline, B open within it.
    assert (dpupr["finished"], dpupr["on_time"], dpupr["missed"]) == ("2", "2", "1")
    assert (dpupr["compliance"], dpupr["median_days"]) == ("0.667", "5.5")
    assert rows[("category", "Bencana")]["compliance"] == "0.000"


def _main(page: str) -> str:
    return page[page.index("<h1>") : page.index("</main>")]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
