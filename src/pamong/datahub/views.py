"""Analyst pages: datasets, a source's mapping, a version's quality report and review, tables and charts."""

from __future__ import annotations

import json

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
from pamong.core.regions import name as region_name
from pamong.datahub import actions, aggregate, charts, connectors, export, storage
from pamong.datahub.mapping import Mapping, MappingError, suggest
from pamong.datahub.models import Dataset, DatasetVersion, Source, VersionStatus


def _require_analyst(request: HttpRequest) -> None:
    if not roles.can_analyse_data(request.user):
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


class UploadForm(forms.Form):
    dataset = forms.CharField(label=gettext_lazy("Dataset (judul baru atau kode yang ada)"), max_length=200)
    name = forms.CharField(label=gettext_lazy("Nama sumber"), max_length=200)
    file = forms.FileField(label=gettext_lazy("Berkas (CSV, Excel, JSON, Parquet, SDMX)"))


@login_required
def datasets(request: HttpRequest) -> HttpResponse:
    _require_analyst(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = connectors.kind_for(upload.name)
        if upload.size > settings.DATAHUB_MAX_UPLOAD_BYTES:
            form.add_error(
                "file", _("Berkas terlalu besar untuk diunggah; gunakan perintah pamong datahub import.")
            )
        elif kind is None:
            form.add_error(
                "file",
                _("Jenis berkas tidak dikenal: gunakan .csv, .xlsx, .json, .parquet atau .xml (SDMX)."),
            )
        else:
            path, _digest, _size = storage.keep_upload(upload.name, upload.chunks())
            title = form.cleaned_data["dataset"]
            dataset = Dataset.objects.filter(slug=title).first() or actions.create_dataset(
                title, actor=request.user
            )
            source = actions.add_source(
                dataset, form.cleaned_data["name"], kind=kind, actor=request.user, path=str(path)
            )
            Source.objects.filter(pk=source.pk).update(file_name=upload.name[:255])
            return redirect("datahub:source", source_id=source.pk)
    rows = [(d, d.versions.order_by("-number").first(), d.published()) for d in Dataset.objects.all()]
    return render(request, "datahub/datasets.html", {"form": form, "rows": rows})


class MappingForm(forms.Form):
    region = forms.CharField(label=gettext_lazy("Kolom nama wilayah"), required=False)
    region_code = forms.CharField(label=gettext_lazy("Kolom kode wilayah"), required=False)
    wide = forms.BooleanField(label=gettext_lazy("Satu kolom per tahun (tabel lebar)"), required=False)
    period = forms.CharField(label=gettext_lazy("Kolom periode"), required=False)
    value = forms.CharField(label=gettext_lazy("Kolom nilai"), required=False)
    indicator = forms.CharField(label=gettext_lazy("Kolom indikator"), required=False)
    indicator_value = forms.CharField(
        label=gettext_lazy("Indikator (satu untuk seluruh sumber)"), required=False
    )
    unit = forms.CharField(label=gettext_lazy("Satuan"), required=False)
    freq = forms.ChoiceField(
        label=gettext_lazy("Frekuensi"),
        required=False,
        choices=[("", "-"), ("A", "tahunan"), ("S", "semesteran"), ("Q", "triwulanan"), ("M", "bulanan")],
    )
    tables = forms.CharField(
        label=gettext_lazy("Lembar (pisahkan dengan koma; kosong = semua)"), required=False
    )


@login_required
def source_mapping(request: HttpRequest, source_id: int) -> HttpResponse:
    """The mapping page: the first rows of the source, a suggested mapping the analyst corrects."""
    _require_analyst(request)
    source = get_object_or_404(Source.objects.select_related("dataset"), pk=source_id)
    try:
        previews = connectors.preview(source.kind, source.file_path, source.options)
    except connectors.ConnectorError as error:
        previews, problem = [], str(error)
    else:
        problem = ""
    initial = source.mapping or (suggest(previews[0].frame, previews[0].table).to_dict() if previews else {})
    initial = {**initial, "tables": ", ".join(initial.get("tables", []))}
    form = MappingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in ("", None, False)}
        data["tables"] = [t.strip() for t in data.get("tables", "").split(",") if t.strip()]
        try:
            mapping = Mapping.from_dict(data)
            columns = [str(c) for c in previews[0].frame.columns] if previews else []
            issues = mapping.problems(columns)
            if issues:
                raise MappingError("; ".join(issues))
        except MappingError as error:
            form.add_error(None, str(error))
        else:
            actions.save_mapping(source, mapping, actor=request.user)
            version = actions.request_build(source.dataset, actor=request.user)
            messages.success(request, _("Pemetaan disimpan; versi baru sedang dibangun."))
            return redirect("datahub:version", slug=source.dataset.slug, number=version.number)
    tables = [
        {
            "name": p.table,
            "columns": [str(c) for c in p.frame.columns],
            "rows": p.frame.astype(str).values.tolist(),
            "warnings": p.warnings,
        }
        for p in previews
    ]
    return render(
        request, "datahub/source.html", {"source": source, "form": form, "tables": tables, "problem": problem}
    )


@login_required
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require_analyst(request)
    dataset = get_object_or_404(Dataset, slug=slug)
    if request.method == "POST" and "build" in request.POST:
        try:
            version = actions.request_build(dataset, actor=request.user)
        except actions.DatahubError as error:
            messages.error(request, str(error))
        else:
            return redirect("datahub:version", slug=slug, number=version.number)
    return render(
        request,
        "datahub/dataset.html",
        {"dataset": dataset, "sources": dataset.sources.all(), "versions": dataset.versions.all()},
    )


@login_required
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The quality report: score, checks with rows and reasons, names to review, approval."""
    _require_analyst(request)
    version = get_object_or_404(
        DatasetVersion.objects.select_related("dataset", "approved_by"), dataset__slug=slug, number=number
    )
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                for item in version.review:
                    code = request.POST.get(f"code-{item['name']}", "").strip()
                    if code or request.POST.get(f"national-{item['name']}"):
                        actions.confirm_region(item["name"], code, actor=request.user)
                new = actions.rebuild(version, actor=request.user)
                actions.reject(
                    version, actor=request.user, note=_("dibangun ulang setelah konfirmasi nama wilayah")
                )
                return redirect("datahub:version", slug=slug, number=new.number)
            if "approve" in request.POST:
                actions.approve(version, actor=request.user, note=request.POST.get("note", ""))
                messages.success(request, _("Versi diterbitkan."))
            elif "reject" in request.POST:
                actions.reject(version, actor=request.user, note=request.POST.get("note", "") or _("ditolak"))
        except actions.DatahubError as error:
            messages.error(request, str(error))
        return redirect("datahub:version", slug=slug, number=number)
    for item in version.review:
        for alternative in item["alternatives"]:
            alternative["label"] = region_name(alternative["code"]) or alternative["code"]
    context = {
        "version": version,
        "dataset": version.dataset,
        "lineage_json": json.dumps(version.lineage, indent=2, ensure_ascii=False),
        "running": version.status in (VersionStatus.QUEUED, VersionStatus.RUNNING),
    }
    return render(request, "datahub/version.html", context)


@login_required
def explore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A table and a chart of one indicator by level and period; CSV, Excel and PDF downloads."""
    _require_analyst(request)
    version = get_object_or_404(DatasetVersion, dataset__slug=slug, number=number)
    if not version.parquet_path:
        raise PermissionDenied(_("Versi ini belum selesai dibangun."))
    indicators = version.lineage.get("indicators", [])
    indicator = request.GET.get("indicator") or (indicators[0] if indicators else "")
    if indicator not in indicators:
        indicator = indicators[0] if indicators else ""
    freqs = aggregate.frequencies(version.parquet_path, indicator)
    freq = request.GET.get("freq") if request.GET.get("freq") in freqs else (freqs[0] if freqs else "A")
    level = request.GET.get("level") if request.GET.get("level") in aggregate.LEVEL_DEPTH else "province"
    measure = request.GET.get("measure") if request.GET.get("measure") in aggregate.MEASURES[:3] else "value"
    splits = aggregate.split_pairs(version.dataset.checks)
    frame = aggregate.rollup(
        version.parquet_path, aggregate.Request(indicator, level, freq, measure, splits=splits)
    )
    frame["region_name"] = [region_name(c) or ("Indonesia" if c == "" else c) for c in frame["region_code"]]
    shown = (
        frame.rename(columns={measure: "shown"}) if measure != "value" else frame.assign(shown=frame["value"])
    )
    columns = [
        "region_code",
        "region_name",
        "period",
        "value",
        *([measure] if measure != "value" else []),
        "origin",
    ]
    table = frame[columns]
    title = f"{version.dataset.title}: {indicator} ({level}, {measure})"
    provenance = f"pamong datahub · {version.dataset.slug} v{version.number} · {version.get_status_display()} · quality {version.score}"
    chart_data = shown[["region_name", "period"]].assign(value=shown["shown"])
    svg = charts.line_chart(chart_data, title=title, unit=measure)
    download = request.GET.get("format")
    if download == "csv":
        return _file(export.to_csv(table), f"{slug}-v{number}-{indicator}.csv", "text/csv")
    if download == "xlsx":
        return _file(
            export.to_excel(table, title=title, provenance=provenance),
            f"{slug}-v{number}-{indicator}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if download == "pdf":
        return _file(
            export.to_pdf(table, title=title, provenance=provenance, svg=svg),
            f"{slug}-v{number}-{indicator}.pdf",
            "application/pdf",
        )
    latest = chart_data[chart_data["period"] == chart_data["period"].max()] if len(chart_data) else chart_data
    context = {
        "version": version,
        "indicators": indicators,
        "indicator": indicator,
        "freqs": freqs,
        "freq": freq,
        "level": level,
        "levels": list(aggregate.LEVEL_DEPTH)[:3],
        "measure": measure,
        "measures": aggregate.MEASURES[:3],
        "svg": svg,
        "bars": charts.bar_chart(
            latest, title=f"{title}, {latest['period'].max():%Y}" if len(latest) else title, unit=measure
        ),
        "columns": columns,
        "rows": table.head(1000).itertuples(index=False),
        "count": len(table),
        "query": request.GET.urlencode(),
    }
    return render(request, "datahub/explore.html", context)


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
