"""Figures, identifier messages and deployment warnings read right for the people who see them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from pamong.core.checks import public_url_check
from pamong.core.validators import normalise_phone, validate_kk, validate_nik
from pamong.web.templatetags.pamong import number, percent, rupiah

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("language", "share", "figure"),
    [("id", "72,5%", "0,457"), ("en", "72.5%", "0.457")],
)
def test_percentages_and_figures_use_the_languages_decimal_mark(language, share, figure) -> None:
    with translation.override(language):
        assert percent(0.725) == share
        assert number(0.4567) == figure  # rounded, not cut off
        assert rupiah(1250000) == "Rp1.250.000"  # the rupiah is written the Indonesian way in both


def test_the_filters_in_a_template_follow_the_active_language() -> None:
    template = Template("{% load pamong %}{{ share|percent:0 }} {{ mase|number:2 }} {{ none|number }}")
    context = Context({"share": 0.5, "mase": 1.234, "none": None})
    with translation.override("id"):
        assert template.render(context) == "50% 1,23 –"
    with translation.override("en"):
        assert template.render(context) == "50% 1.23 –"


def test_figures_that_are_not_figures_stay_recognisable() -> None:
    with translation.override("id"):
        assert number(-0.0001) == "0,000"  # no "-0,000"
        assert number(float("nan")) == "–" and percent(float("nan")) == "–"
        assert number({"ets": 0.5}) == "{'ets': 0.5}"  # a structured metric, as before


def test_a_wrong_birth_date_in_a_nik_is_explained_without_jargon() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_nik("3204053102990003", today=TODAY)
    message = error.value.messages[0]
    assert error.value.code == "birth_date"
    assert "HHBBTT" not in message
    assert message == (
        "NIK: angka ke-7 sampai ke-12 adalah tanggal lahir (tanggal, bulan, tahun, masing-masing 2 angka;"
        " perempuan: tanggal ditambah 40). 310299 bukan tanggal yang sah."
    )


def test_a_wrong_issue_date_in_a_kk_number_is_explained_without_jargon() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_kk("3204059999150007", today=TODAY)
    message = error.value.messages[0]
    assert error.value.code == "issue_date" and "HHBBTT" not in message
    assert "tanggal terbit (tanggal, bulan, tahun" in message and "999915 bukan tanggal yang sah" in message


@pytest.mark.parametrize("landline", ["024 3546789", "(021) 5551234", "+62 21 5551234", "0901 123456"])
def test_a_landline_is_asked_to_be_a_mobile_number(landline) -> None:
    """Updates go by SMS: a fixed line cannot receive them, and the citizen is told why."""
    with translation.override("id"), pytest.raises(ValidationError) as error:
        normalise_phone(landline)
    assert error.value.code == "landline"
    assert error.value.messages[0] == (
        "Nomor ini tampaknya telepon rumah/kantor. Tulis nomor HP, misalnya 0812 3456 7890,"
        " agar kami bisa mengirim kabar."
    )


@pytest.mark.parametrize(
    ("mobile", "normal"),
    [
        ("0812 3456 7890", "+6281234567890"),
        ("+62 857-1234-5678", "+6285712345678"),
        ("(0812) 345678", "+62812345678"),
    ],
)
def test_a_mobile_number_is_still_accepted(mobile, normal) -> None:
    assert normalise_phone(mobile) == normal


def test_a_loopback_public_url_is_a_deployment_warning_when_debug_is_off(settings) -> None:
    settings.DEBUG = False
    settings.PUBLIC_URL = "http://127.0.0.1:8000"
    warnings = run_checks(include_deployment_checks=True, tags=["pamong"])
    assert [warning.id for warning in warnings] == ["pamong.W001"]
    assert "PAMONG_PUBLIC_URL" in warnings[0].hint
    assert run_checks(tags=["pamong"]) == []  # only with --deploy


@pytest.mark.parametrize(
    ("debug", "url", "warned"),
    [
        (False, "http://localhost:8000/", True),
        (False, "http://[::1]:8000", True),
        (True, "http://127.0.0.1:8000", False),  # a developer's own machine
        (False, "https://layanan.contoh.go.id", False),
    ],
)
def test_the_public_url_check(settings, debug, url, warned) -> None:
    settings.DEBUG, settings.PUBLIC_URL = debug, url
    assert bool(public_url_check()) is warned
