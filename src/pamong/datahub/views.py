"""Analyst pages: datasets, a source's mapping, a version's quality report and review, tables and charts."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.core import roles
from pamong.core.regions import name as region_name
from pamong.datahub import actions, aggregate, charts, connectors, export, storage
from pamong.datahub.connectors import sql
from pamong.datahub.mapping import Mapping, MappingError, suggest
from pamong.datahub.models import Dataset, DatasetVersion, Source, VersionStatus


def _require_analyst(request: HttpRequest) -> None:
    if not roles.can_analyse_data(request.user):
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


class UploadForm(forms.Form):
    dataset = forms.CharField(label=gettext_lazy("Dataset (judul baru atau kode yang ada)"), max_length=200)
    name = forms.CharField(label=gettext_lazy("Nama sumber"), max_length=200)
    file = forms.FileField(label=gettext_lazy("Berkas (CSV, Excel, JSON, Parquet, SDMX)"))
    replace = forms.BooleanField(label=gettext_lazy("Ganti sumber yang ada"), required=False)


class SqlSourceForm(forms.Form):
    """A query against a database the operator named: checked and run once before it is saved."""

    dataset = forms.CharField(label=gettext_lazy("Dataset (judul baru atau kode yang ada)"), max_length=200)
    name = forms.CharField(label=gettext_lazy("Nama sumber"), max_length=200)
    database = forms.ChoiceField(label=gettext_lazy("Basis data"))
    query = forms.CharField(
        label=gettext_lazy("Kueri SELECT"), widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})
    )
    replace = forms.BooleanField(label=gettext_lazy("Ganti sumber yang ada"), required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["database"].choices = [(name, name) for name in sql.databases()]

    def clean_query(self) -> str:
        try:
            return sql.check_query(self.cleaned_data["query"])
        except connectors.ConnectorError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict:
        """Run the query once (read-only): a query that fails is refused before anything is saved."""
        data = super().clean()
        if not self.errors:
            try:
                connectors.preview("sql", "", self.options(), rows=1)
            except connectors.ConnectorError as error:
                self.add_error("query", str(error))
        return data

    def options(self) -> dict[str, str]:
        return {"database": self.cleaned_data["database"], "query": self.cleaned_data["query"]}


def _existing_dataset(title: str) -> Dataset | None:
    """The dataset the analyst named by its code, or by the title it was created with."""
    return (
        Dataset.objects.filter(slug=title).first() or Dataset.objects.filter(slug=slugify(title)[:80]).first()
    )


def _dataset(title: str, user) -> Dataset:  # type: ignore[no-untyped-def]
    """An existing dataset named by its code, or a new one with this title."""
    return _existing_dataset(title) or actions.create_dataset(title, actor=user)


def _name_taken(form: UploadForm | SqlSourceForm) -> bool:
    """Refuse a name the dataset already uses unless the analyst ticked "replace".

    Checked before anything is stored; the bound form shows the error with what was typed.
    """
    if form.cleaned_data["replace"]:
        return False
    existing = actions.same_name(_existing_dataset(form.cleaned_data["dataset"]), form.cleaned_data["name"])
    if existing is not None:
        form.add_error("name", actions.name_taken_message(existing))
    return existing is not None


def _save(form: UploadForm | SqlSourceForm, dataset: Dataset, **fields: Any) -> Source | None:
    """``add_source`` under the form's choice; a clash that slipped past the check is a form error."""
    try:
        return actions.add_source(
            dataset, form.cleaned_data["name"], replace=form.cleaned_data["replace"], **fields
        )
    except actions.DatahubError as error:
        form.add_error("name", str(error))
        return None


def _add_upload(request: HttpRequest, form: UploadForm) -> Source | None:
    upload = form.cleaned_data["file"]
    kind = connectors.kind_for(upload.name)
    if upload.size > settings.DATAHUB_MAX_UPLOAD_BYTES:
        form.add_error(
            "file", _("Berkas terlalu besar untuk diunggah; gunakan perintah pamong datahub import.")
        )
        return None
    if kind is None:
        form.add_error(
            "file", _("Jenis berkas tidak dikenal: gunakan .csv, .xlsx, .json, .parquet atau .xml (SDMX).")
        )
        return None
    if _name_taken(form):
        return None
    path, _digest, _size = storage.keep_upload(upload.name, upload.chunks())
    dataset = _dataset(form.cleaned_data["dataset"], request.user)
    source = _save(form, dataset, kind=kind, actor=request.user, path=str(path))
    if source is not None:
        Source.objects.filter(pk=source.pk).update(file_name=upload.name[:255])
    return source


def _add_sql(request: HttpRequest, form: SqlSourceForm) -> Source | None:
    if _name_taken(form):
        return None
    dataset = _dataset(form.cleaned_data["dataset"], request.user)
    return _save(form, dataset, kind="sql", actor=request.user, options=form.options())


@login_required
def datasets(request: HttpRequest) -> HttpResponse:
    """The datasets, and two ways to add a source: an upload, or a query on a configured database."""
    _require_analyst(request)
    posted = request.POST if request.method == "POST" else None
    is_sql = posted is not None and "sql-query" in posted
    form = UploadForm(None if is_sql else posted, request.FILES or None)
    sql_form = SqlSourceForm(posted if is_sql else None, prefix="sql") if sql.databases() else None
    source = None
    if is_sql and sql_form is not None and sql_form.is_valid():
        source = _add_sql(request, sql_form)
    elif posted is not None and not is_sql and form.is_valid():
        source = _add_upload(request, form)
    if source is not None:
        return redirect("datahub:source", source_id=source.pk)
    rows = [(d, d.versions.order_by("-number").first(), d.published()) for d in Dataset.objects.all()]
    return render(request, "datahub/datasets.html", {"form": form, "sql_form": sql_form, "rows": rows})


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


MEASURE_LABELS = {
    "value": gettext_lazy("nilai"),
    "growth": gettext_lazy("pertumbuhan (%)"),
    "share": gettext_lazy("pangsa (%)"),
    "weighted_mean": gettext_lazy("rata-rata tertimbang"),
    "per_capita": gettext_lazy("per kapita"),
}
DERIVED = ("weighted_mean", "per_capita")  # the rollup's value is the measure itself


def _choose(request: HttpRequest, version: DatasetVersion) -> dict[str, Any]:
    """What the page shows: the query string where the version has it, else the first option.

    The weighted average and per-capita figures are offered only where the version holds
    what they divide by (a weight such as population; the population).
    """
    present = version.lineage.get("indicators", [])
    asked, checks = request.GET, version.dataset.checks
    indicator = asked.get("indicator") if asked.get("indicator") in present else (present[:1] or [""])[0]
    freqs = aggregate.frequencies(version.parquet_path, indicator)
    measures = aggregate.page_measures(indicator, present, checks)
    weights = aggregate.weights_for(indicator, present, checks)
    measure = asked.get("measure") if asked.get("measure") in measures else "value"
    weight = asked.get("weight") if asked.get("weight") in weights else (weights[:1] or [""])[0]
    if measure == "per_capita":
        weight = aggregate.population_for(indicator, present, checks)
    return {
        "indicators": present,
        "indicator": indicator,
        "freqs": freqs,
        "freq": asked.get("freq") if asked.get("freq") in freqs else (freqs[:1] or ["A"])[0],
        "level": asked.get("level") if asked.get("level") in aggregate.LEVEL_DEPTH else "province",
        "levels": list(aggregate.LEVEL_DEPTH)[:3],
        "measure": measure,
        "measures": [(m, MEASURE_LABELS[m]) for m in measures],
        "weight": weight,
        "weights": weights if "weighted_mean" in measures else [],
    }


def _table(version: DatasetVersion, choice: dict[str, Any]) -> pd.DataFrame:
    """The rows of the page and its downloads; a derived measure is named for what it is."""
    request = aggregate.page_request(
        choice["indicator"],
        choice["level"],
        choice["freq"],
        choice["measure"],
        choice["weight"],
        aggregate.split_pairs(version.dataset.checks),
    )
    frame = aggregate.rollup(version.parquet_path, request)
    frame["region_name"] = [region_name(c) or ("Indonesia" if c == "" else c) for c in frame["region_code"]]
    measure = choice["measure"]
    if measure in DERIVED:
        frame = frame.rename(columns={"value": measure})
    columns = [
        "region_code",
        "region_name",
        "period",
        *([] if measure in DERIVED else ["value"]),
        *([measure] if measure != "value" else []),
        "origin",
    ]
    return frame[columns]


@login_required
def explore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A table and a chart of one indicator by level and period; CSV, Excel and PDF downloads."""
    _require_analyst(request)
    version = get_object_or_404(DatasetVersion, dataset__slug=slug, number=number)
    if not version.parquet_path:
        raise PermissionDenied(_("Versi ini belum selesai dibangun."))
    choice = _choose(request, version)
    indicator, measure = choice["indicator"], choice["measure"]
    table = _table(version, choice)
    how = [choice["level"], measure, *([choice["weight"]] if measure in DERIVED else [])]
    title = f"{version.dataset.title}: {indicator} ({', '.join(how)})"
    provenance = f"pamong datahub · {version.dataset.slug} v{version.number} · {version.get_status_display()} · quality {version.score}"
    chart_data = table[["region_name", "period"]].assign(value=table[measure])
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
        **choice,
        "version": version,
        "svg": svg,
        "bars": charts.bar_chart(
            latest, title=f"{title}, {latest['period'].max():%Y}" if len(latest) else title, unit=measure
        ),
        "columns": list(table.columns),
        "rows": table.head(1000).itertuples(index=False),
        "count": len(table),
        "query": request.GET.urlencode(),
    }
    return render(request, "datahub/explore.html", context)


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
