"""A scenario as a PDF brief drawn on the server, for officials who get a file, not a link.

It holds what the printable page holds (title, target and its probability, both charts,
the driver contributions, baseline against scenario per year, provenance) and is drawn
with fpdf2, the library the datahub's exports already use. Figures are formatted with
the page's own filters so the PDF and the page show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from pamong.datahub.export import draw_svg, latin
from pamong.insight.models import Scenario
from pamong.insight.scenario import meta_label
from pamong.web.templatetags.pamong import number, percent

CHART_WIDTH = 180  # mm: A4 portrait less its margins


def scenario_pdf(
    scenario: Scenario, *, fan: str, waterfall: str, table: Sequence[Sequence[Any]], site_name: str
) -> bytes:
    """The brief of one scenario; ``fan``, ``waterfall`` and ``table`` are what its page shows."""
    result = scenario.result
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(latin(scenario.name))
    pdf.add_page()
    _heading(pdf, scenario, site_name)
    _target(pdf, result)
    _warnings(pdf, result.get("warnings") or [])
    legend = _("Garis hitam: data; biru putus-putus: baseline; jingga: skenario; pita: rentang p10-p90.")
    _chart(pdf, fan, legend)
    _chart(pdf, waterfall)
    _contributions(pdf, scenario)
    _economy(pdf, result.get("economy"))
    _paths(pdf, table)
    _provenance(pdf, result.get("provenance") or {})
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, size: float = 9, style: str = "", height: float = 5) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, height, latin(text), new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, scenario: Scenario, site_name: str) -> None:
    today = date_format(timezone.localdate(), "j M Y")
    _text(pdf, f"{site_name} · {_('Ringkasan kebijakan')} · {today}", size=8)
    pdf.ln(1)
    _text(pdf, scenario.name, size=16, style="B", height=8)
    region = scenario.result.get("region_name", "")
    note = _("Disusun dengan bantuan komputer (insight.scenario); hanya bahan pertimbangan.")
    _text(pdf, f"{region} · {_('sasaran')} {scenario.target_year}. {note}")
    pdf.ln(2)


def _target(pdf: FPDF, result: dict[str, Any]) -> None:
    """The target and the chance of meeting it, as the page words it."""
    target = result.get("target")
    if not target:
        return
    line = (
        f"{_('Sasaran')} {target['source']}: {target['low']}-{target['high']}% {_('pada')} {target['year']}."
    )
    _text(pdf, line, style="B", size=10)
    if result.get("probability_scenario") is not None:
        chances = (
            f"{_('Peluang tercapai')}: {_('baseline')} {percent(result['probability_baseline'], 0)}, "
            f"{_('skenario')} {percent(result['probability_scenario'], 0)}."
        )
        _text(pdf, chances, style="B", size=10)
    pdf.ln(2)


def _warnings(pdf: FPDF, warnings: list[str]) -> None:
    if not warnings:
        return
    _text(pdf, f"{_('Perhatian')}:", style="B")
    for warning in warnings:
        _text(pdf, f"- {warning}")
    pdf.ln(2)


def _chart(pdf: FPDF, svg: str, legend: str = "") -> None:
    if not draw_svg(pdf, svg, width=CHART_WIDTH):
        _text(pdf, _("(grafik tidak dapat digambar)"), size=8)
    if legend:
        _text(pdf, legend, size=7, height=4)
    pdf.ln(3)


def _table(pdf: FPDF, caption: str, header: Sequence[str], rows: list[Sequence[str]], widths: tuple) -> None:
    _text(pdf, caption, style="B")
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=widths, line_height=5, text_align="LEFT", first_row_as_headings=True) as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(latin(cell))
    pdf.ln(4)


def _contributions(pdf: FPDF, scenario: Scenario) -> None:
    """Each driver's coefficient, where it came from, and what it adds by the target year."""
    result = scenario.result
    rows = []
    for name, c in result["coefficients"].items():
        label = meta_label(name) + (f" ({_('log')})" if name == "social_spending" else "")
        if c.get("source") == "analyst":
            origin = f"{_('koreksi analis')}: {c.get('reason', '')} ({_('estimasi')} {number(c.get('estimated'), 4)})"
        else:
            origin = _("estimasi panel")
        contribution = number(result["contributions"].get(name), 3)
        rows.append((label, number(c["value"], 4), number(c.get("std_error"), 4), origin, contribution))
    header = (
        _("Pendorong"),
        _("Koefisien"),
        _("Galat baku"),
        _("Sumber"),
        f"{_('Sumbangan')} {scenario.target_year}",
    )
    caption = _("Koefisien yang dipakai (poin persen kemiskinan per satuan pendorong)")
    _table(pdf, caption, header, rows, (50, 22, 22, 58, 28))


def _economy(pdf: FPDF, economy: dict[str, Any] | None) -> None:
    """A budget reallocation's input-output impact, as the page shows it."""
    if not economy:
        return
    header = (_("Realokasi"), _("Output"), _("PDB"), _("Pendapatan RT"), _("RT 40% terbawah"), _("Impor"))
    rows = [
        (
            f"{number(r['amount'], 0)} {_('dari')} {r['source']} {_('ke')} {r['target']} ({r['start']})",
            number(r["output"], 1),
            number(r["value_added"], 1),
            number(r["household_income"], 1),
            number(r["bottom_40"], 1),
            number(r["leakages"]["imports"], 1),
        )
        for r in economy["reallocations"]
    ]
    caption = _("Dampak realokasi per tahun, miliar rupiah (pengganda SAM Indonesia 2018)")
    _table(pdf, caption, header, rows, (60, 24, 24, 26, 26, 20))
    _text(pdf, f"{economy['assumptions']} {_('Sumber')}: {economy['source']}.", size=7, height=4)
    pdf.ln(2)


def _paths(pdf: FPDF, table: Sequence[Sequence[Any]]) -> None:
    """Baseline against scenario per year: median with its p10-p90 range."""

    def band(p50: float, p10: float, p90: float) -> str:
        return f"{number(p50, 2)} ({number(p10, 2)}-{number(p90, 2)})"

    rows = [(str(r[0]), band(r[1], r[2], r[3]), band(r[4], r[5], r[6])) for r in table]
    header = (_("Tahun"), _("Baseline"), _("Skenario"))
    _table(pdf, _("Baseline dan skenario per tahun (p10, median, p90)"), header, rows, (30, 75, 75))


def _provenance(pdf: FPDF, provenance: dict[str, Any]) -> None:
    _text(pdf, _("Asal-usul"), style="B")
    for key, value in provenance.items():
        _text(pdf, f"{key}: {value}", size=7, height=4)
