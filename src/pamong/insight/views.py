"""Insight pages in the staff console: forecasts, scenarios, budget analytics, printable brief.

Every chart has a table of its numbers and a CSV link (``?format=csv``).
"""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.core import roles
from pamong.insight import actions, brief, charts, sam, sources
from pamong.insight.budget import absorption_curve, find_anomalies, forecast_year_end, usual_band
from pamong.insight.budget_files import BudgetFileError
from pamong.insight.forecast import DEFAULT_MODELS
from pamong.insight.models import BudgetImport, BudgetLine, ForecastRun, Scenario
from pamong.insight.scenario import DRIVERS, ScenarioError, meta_label

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _require(request: HttpRequest) -> None:
    if not roles.can_use_insight(request.user):
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


def _csv(filename: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


class ForecastForm(forms.Form):
    dataset = forms.ChoiceField(label=gettext_lazy("Set data"))
    horizon = forms.IntegerField(
        label=gettext_lazy("Horizon (periode)"), min_value=1, max_value=actions.MAX_HORIZON, initial=3
    )
    arima = forms.BooleanField(label=gettext_lazy("Sertakan ARIMA (lebih lambat)"), required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = list(sources.datasets().items())


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = ForecastForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        models = [*DEFAULT_MODELS, "arima"] if form.cleaned_data["arima"] else None
        run = actions.start_forecast(
            form.cleaned_data["dataset"],
            horizon=form.cleaned_data["horizon"],
            actor=request.user,
            models=models,
        )
        return redirect("insight:run", pk=run.pk)
    context = {
        "form": form,
        "runs": ForecastRun.objects.all()[:15],
        "scenarios": Scenario.objects.all()[:15],
        "imports": BudgetImport.objects.all()[:5],
    }
    return render(request, "insight/index.html", context)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    run = get_object_or_404(ForecastRun, pk=pk)
    series = list(run.series.all())
    if request.GET.get("format") == "csv":
        rows = []
        for s in series:
            for i, period in enumerate(s.forecast.get("periods", [])):
                rows.append(
                    [
                        s.unique_id,
                        s.label,
                        period,
                        s.forecast["point"][i],
                        s.forecast["lower"][i],
                        s.forecast["upper"][i],
                        s.model,
                        s.abstained,
                    ]
                )
        return _csv(
            f"forecast-{run.pk}.csv",
            ["region_code", "region", "period", "forecast", "lower_80", "upper_80", "model", "naive_shown"],
            rows,
        )
    chosen = next(
        (s for s in series if s.unique_id == request.GET.get("region")), series[0] if series else None
    )
    fan = None
    if chosen:
        periods = chosen.history["periods"] + chosen.forecast["periods"]
        fan = charts.fan_chart(
            ident="fan",
            title=_("Prakiraan %(region)s") % {"region": chosen.label},
            description=_("Data historis lalu prakiraan %(n)s periode dengan rentang 80%% (model %(model)s).")
            % {"n": run.horizon, "model": chosen.model},
            periods=[p[:7] for p in periods],
            history=chosen.history["values"],
            point=chosen.forecast["point"],
            lower=chosen.forecast["lower"],
            upper=chosen.forecast["upper"],
            unit=run.summary.get("unit", ""),
        )
    bars = None
    if series and series[0].forecast.get("point"):
        ordered = sorted(((s.label, s.forecast["point"][-1]) for s in series), key=lambda item: -item[1])
        bars = charts.bar_chart(
            ident="bars",
            title=_("Prakiraan per wilayah pada akhir horizon"),
            description=_("Nilai prakiraan tiap wilayah pada periode terakhir, diurutkan dari terbesar."),
            items=ordered,
            unit=run.summary.get("unit", ""),
        )
    rows = (
        list(zip(*(chosen.forecast[k] for k in ("periods", "point", "lower", "upper")), strict=True))
        if chosen
        else []
    )
    context = {"run": run, "series": series, "chosen": chosen, "fan": fan, "bars": bars, "rows": rows}
    return render(request, "insight/run.html", context)


class ScenarioForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama skenario"), max_length=200)
    region_code = forms.ChoiceField(label=gettext_lazy("Wilayah"), required=False)  # "" = Indonesia
    target_year = forms.IntegerField(
        label=gettext_lazy("Tahun sasaran"), min_value=2023, max_value=2045, initial=2029
    )
    override_driver = forms.ChoiceField(label=gettext_lazy("Koreksi koefisien (opsional)"), required=False)
    override_value = forms.FloatField(label=gettext_lazy("Koefisien pengganti"), required=False)
    override_reason = forms.CharField(label=gettext_lazy("Alasan koreksi"), max_length=500, required=False)
    realloc_from = forms.ChoiceField(label=gettext_lazy("Pindahkan anggaran dari fungsi"), required=False)
    realloc_to = forms.ChoiceField(label=gettext_lazy("ke fungsi"), required=False)
    realloc_amount = forms.FloatField(
        label=gettext_lazy("Jumlah per tahun (miliar rupiah)"), required=False, min_value=0.0
    )
    realloc_start = forms.IntegerField(
        label=gettext_lazy("Mulai tahun"), required=False, min_value=2000, max_value=2045
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        functions = [("", "–"), *[(name, name) for name in sam.function_map()]]
        self.fields["realloc_from"].choices = functions
        self.fields["realloc_to"].choices = functions
        frame = sources.series_frame("poverty-province")
        regions_ = frame[["region_code", "region_name"]].drop_duplicates().sort_values("region_code")
        self.fields["region_code"].choices = [(c, n) for c, n in regions_.itertuples(index=False)]
        driver_choices = [(name, meta_label(name)) for name in DRIVERS]
        self.fields["override_driver"].choices = [("", "–"), *driver_choices]
        for i in range(3):
            self.fields[f"parameter_{i}"] = forms.ChoiceField(
                label=_("Pendorong %(n)s") % {"n": i + 1},
                choices=[("", "–"), *driver_choices],
                required=False,
            )
            self.fields[f"op_{i}"] = forms.ChoiceField(
                label=_("Perubahan"),
                choices=[("add", _("tambah")), ("multiply", _("kalikan")), ("set", _("tetapkan"))],
                required=False,
            )
            self.fields[f"value_{i}"] = forms.FloatField(label=_("Nilai"), required=False)
            self.fields[f"start_{i}"] = forms.IntegerField(
                label=_("Mulai tahun"), required=False, min_value=2000, max_value=2045
            )

    def changes(self) -> list[dict]:
        out = []
        for i in range(3):
            parameter = self.cleaned_data.get(f"parameter_{i}")
            if not parameter:
                continue
            value, start = self.cleaned_data.get(f"value_{i}"), self.cleaned_data.get(f"start_{i}")
            if value is None or start is None:
                raise ScenarioError(_("Pendorong %(n)s perlu nilai dan tahun mulai.") % {"n": i + 1})
            out.append(
                {
                    "parameter": parameter,
                    "op": self.cleaned_data.get(f"op_{i}") or "add",
                    "value": value,
                    "start": start,
                }
            )
        source, target = self.cleaned_data.get("realloc_from"), self.cleaned_data.get("realloc_to")
        if source or target:
            amount, start = self.cleaned_data.get("realloc_amount"), self.cleaned_data.get("realloc_start")
            if not (source and target) or amount is None or start is None:
                raise ScenarioError(_("Realokasi perlu fungsi asal, fungsi tujuan, jumlah dan tahun mulai."))
            out.append({"op": "reallocate", "from": source, "to": target, "value": amount, "start": start})
        return out

    def overrides(self) -> list[dict]:
        driver = self.cleaned_data.get("override_driver")
        if not driver:
            return []
        return [
            {
                "driver": driver,
                "coefficient": self.cleaned_data.get("override_value") or 0.0,
                "reason": self.cleaned_data.get("override_reason", ""),
            }
        ]


@login_required
def scenario_new(request: HttpRequest) -> HttpResponse:
    _require(request)
    initial = {
        "name": _("Pengangguran turun 1 poin mulai 2026"),
        "region_code": "",
        "parameter_0": "unemployment_rate",
        "op_0": "add",
        "value_0": -1.0,
        "start_0": 2026,
    }
    form = ScenarioForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = actions.save_scenario(
                name=form.cleaned_data["name"],
                region_code=form.cleaned_data["region_code"],
                target_year=form.cleaned_data["target_year"],
                changes=form.changes(),
                overrides=form.overrides(),
                actor=request.user,
            )
        except ScenarioError as error:
            form.add_error(None, str(error))
        else:
            return redirect("insight:scenario", pk=scenario.pk)
    return render(request, "insight/scenario_form.html", {"form": form, **_multipliers()})


def _multipliers() -> dict[str, Any]:
    """The per-rupiah multipliers of every APBN function, for choosing a reallocation."""
    try:
        return {"multipliers": sam.multiplier_table(sam.load()), "sam_source": sam.SAM_SOURCE}
    except sam.SamUnavailable as error:
        return {"sam_missing": str(error)}


def _scenario_charts(scenario: Scenario) -> dict[str, Any]:
    result = scenario.result
    history = result["history"]
    periods = [str(y) for y in history["years"] + result["years"]]
    fan = charts.fan_chart(
        ident=f"scenario-{scenario.pk}",
        title=_("%(name)s: skenario terhadap baseline") % {"name": scenario.name},
        description=_(
            "Angka kemiskinan historis, prakiraan baseline (biru, rentang 80%%) dan skenario (jingga, rentang 80%%) sampai %(year)s."
        )
        % {"year": scenario.target_year},
        periods=periods,
        history=history["values"],
        point=result["baseline"]["p50"],
        lower=result["baseline"]["p10"],
        upper=result["baseline"]["p90"],
        unit="%",
        second=(result["scenario"]["p50"], result["scenario"]["p10"], result["scenario"]["p90"]),
    )
    steps = [(meta_label(d), v) for d, v in result["contributions"].items()]
    fall = charts.waterfall(
        ident=f"waterfall-{scenario.pk}",
        title=_("Sumbangan tiap pendorong pada %(year)s") % {"year": scenario.target_year},
        description=_(
            "Dari baseline, tambahan atau pengurangan angka kemiskinan oleh tiap pendorong, sampai nilai skenario."
        ),
        start=(_("baseline"), result["baseline"]["p50"][-1]),
        steps=steps,
        unit=_("% penduduk"),
    )
    b, sc = result["baseline"], result["scenario"]
    table = [
        (year, b["p50"][i], b["p10"][i], b["p90"][i], sc["p50"][i], sc["p10"][i], sc["p90"][i])
        for i, year in enumerate(result["years"])
    ]
    return {"fan": fan, "waterfall": fall, "table": table}


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    scenario = get_object_or_404(Scenario, pk=pk)
    result = scenario.result
    if request.GET.get("format") == "csv":
        rows = [
            [y, "actual", v, "", ""]
            for y, v in zip(result["history"]["years"], result["history"]["values"], strict=True)
        ]
        for i, year in enumerate(result["years"]):
            rows.append(
                [
                    year,
                    "baseline",
                    result["baseline"]["p50"][i],
                    result["baseline"]["p10"][i],
                    result["baseline"]["p90"][i],
                ]
            )
            rows.append(
                [
                    year,
                    "scenario",
                    result["scenario"]["p50"][i],
                    result["scenario"]["p10"][i],
                    result["scenario"]["p90"][i],
                ]
            )
        return _csv(f"scenario-{scenario.pk}.csv", ["year", "series", "value", "p10", "p90"], rows)
    if request.GET.get("format") == "pdf":
        return _scenario_pdf(scenario)
    drivers = {name: {"label": meta_label(name)} for name in DRIVERS}
    context = {
        "scenario": scenario,
        "result": result,
        "drivers": drivers,
        "household_labels": sam.household_labels(),
        **_scenario_charts(scenario),
    }
    template = "insight/scenario_print.html" if request.GET.get("print") else "insight/scenario.html"
    return render(request, template, context)


def _scenario_pdf(scenario: Scenario) -> HttpResponse:
    """The printable brief as a file drawn on the server (no browser print dialog needed)."""
    content = brief.scenario_pdf(scenario, site_name=settings.SITE_NAME, **_scenario_charts(scenario))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="scenario-{scenario.pk}.pdf"'
    return response


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    _require(request)
    ids = [int(i) for i in request.GET.getlist("ids") if i.isdigit()][:4]
    scenarios = list(Scenario.objects.filter(pk__in=ids))
    return render(
        request, "insight/compare.html", {"scenarios": scenarios, "all": Scenario.objects.all()[:30]}
    )


class BudgetUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas realisasi (CSV, Excel, atau zip Fiscal Data Package)"))


@login_required
def budget(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = BudgetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "scan" in request.POST:
        scan_year = _year(request.POST["scan"])
        if scan_year is None:
            raise PermissionDenied
        found = actions.record_anomaly_scan(scan_year, actor=request.user)
        messages.success(request, _("%(n)s anomali dicatat di log keputusan.") % {"n": len(found)})
        return redirect(f"{request.path}?year={scan_year}")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
        else:
            try:
                batch = actions.import_budget(upload.name, upload.read(), actor=request.user)
            except BudgetFileError as error:
                for problem in error.problems[:20]:
                    form.add_error("file", problem)
            else:
                messages.success(request, _("%(n)s baris diimpor.") % {"n": batch.rows})
                return redirect("insight:budget")
    frame = actions.budget_frame()
    context: dict[str, Any] = {"form": form, "empty": frame.empty}
    if not frame.empty:
        years = sorted(int(y) for y in frame["year"].unique())
        year = _year(request.GET.get("year", ""))
        year = year if year in years else years[-1]
        frame = frame[frame["year"] <= year]
        curve = absorption_curve(frame, year)["total"]
        previous = absorption_curve(frame, year - 1)["total"] if year - 1 in years else None
        bands = [usual_band(m) for m in range(1, 13)]
        month_names = [str(m) for m in range(1, 13)]
        lines = {str(year): [None if v != v else v for v in curve.tolist()]}
        if previous is not None:
            lines[str(year - 1)] = previous.tolist()
        by_org = absorption_curve(frame, year, by="organisation")
        last = by_org.dropna(how="all").iloc[-1] if not by_org.dropna(how="all").empty else by_org.iloc[0]
        ordered = sorted(((str(k), float(v)) for k, v in last.items() if v == v), key=lambda kv: -kv[1])
        if request.GET.get("format") == "csv":
            rows = [
                [
                    m,
                    lines[str(year)][m - 1],
                    bands[m - 1][0],
                    bands[m - 1][1],
                    (lines.get(str(year - 1)) or [None] * 12)[m - 1],
                ]
                for m in range(1, 13)
            ]
            return _csv(
                f"absorption-{year}.csv",
                [
                    "month",
                    f"absorption_{year}_pct",
                    "usual_low_pct",
                    "usual_high_pct",
                    f"absorption_{year - 1}_pct",
                ],
                rows,
            )
        generated = bool(frame["generated"].any())
        context.update(
            {
                "year": year,
                "years": years,
                "generated": generated,
                "curve_rows": [
                    (
                        m,
                        lines[str(year)][m - 1],
                        bands[m - 1],
                        (lines.get(str(year - 1)) or [None] * 12)[m - 1],
                    )
                    for m in range(1, 13)
                ],
                "absorption": charts.line_chart(
                    ident="absorption",
                    title=_("Penyerapan anggaran %(year)s") % {"year": year},
                    description=_(
                        "Penyerapan kumulatif (%% pagu revisi) per bulan, tahun lalu, dan pita bulanan yang lazim (hijau)."
                    ),
                    categories=month_names,
                    lines=lines,
                    band=([b[0] for b in bands], [b[1] for b in bands]),
                    unit=_("% pagu"),
                ),
                "org_bars": charts.bar_chart(
                    ident="orgs",
                    title=_("Penyerapan per satker"),
                    description=_("Penyerapan kumulatif tiap satker pada bulan terakhir yang dilaporkan."),
                    items=ordered[:40],
                    unit=_("% pagu"),
                ),
                "org_rows": ordered,
                "year_end": forecast_year_end(frame, year).get("total"),
                "anomalies": find_anomalies(frame, year),
            }
        )
    context["imports"] = BudgetImport.objects.all()[:10]
    return render(request, "insight/budget.html", context)


def _year(text: str) -> int | None:
    return int(text) if text.strip().isdigit() and len(text.strip()) == 4 else None


@login_required
def budget_rows(request: HttpRequest) -> HttpResponse:
    _require(request)
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip().isdigit()][:500]
    lines = BudgetLine.objects.filter(pk__in=ids).order_by("organisation", "year", "month")
    return render(request, "insight/budget_rows.html", {"lines": lines, "debug": settings.DEBUG})
