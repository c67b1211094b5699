"""Each connector reads a real file built here, and a build turns it into the right figures."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pamong.datahub import connectors
from pamong.datahub.mapping import Mapping, to_long
from pamong.datahub.pipeline import SourceInput, build, read_version

POVERTY = [("Aceh", 15.01, 14.99), ("Jawa Barat", 6.82, 7.82)]


def _figures(frame: pd.DataFrame) -> dict[tuple[str, int], float]:
    """A built version as {(region code, year): value}, the way a reader checks it."""
    return {
        (code, period.year): round(value, 4)
        for code, period, value in frame[["region_code", "period", "value"]].itertuples(index=False)
    }


def _build(tmp_path: Path, kind: str, path: Path, mapping: Mapping) -> pd.DataFrame:
    source = SourceInput("uji", kind, str(path), {}, mapping)
    result = build([source], output=str(tmp_path / "v.parquet"), staging=str(tmp_path / "s.parquet"))
    assert result.review == []
    return read_version(str(tmp_path / "v.parquet"))


# --- Excel -------------------------------------------------------------------------------


def _workbook(path: Path, merged_title: bool = False) -> None:
    """Two sheets: a BPS-style wide table under a title and a merged two-row header, and a long one."""
    book = openpyxl.Workbook()
    wide = book.active
    wide.title = "Miskin"
    wide["A1"] = "Persentase Penduduk Miskin menurut Provinsi"
    if merged_title:  # BPS centres the title over the whole table
        wide.merge_cells("A1:C1")
    wide["A2"] = "Provinsi"
    wide.merge_cells("A2:A3")
    wide["B2"] = "Persentase"
    wide.merge_cells("B2:C2")
    wide["B3"], wide["C3"] = 2019, 2020
    wide.append(["Aceh", 15.01, 14.99])
    wide.append(["Jawa Barat", 6.82, "=B5+1"])
    long = book.create_sheet("Pengangguran")
    long.append(["Provinsi", "Tahun", "TPT"])
    long.append(["Aceh", 2020, 6.59])
    book.save(path)


def _save_formula_result(path: Path, cell: str, value: str) -> None:
    """Write the cached result Excel stores beside a formula (openpyxl itself never computes one)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    empty = f'<c r="{cell}"><f>B5+1</f><v></v></c>'
    assert empty in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        empty, f'<c r="{cell}"><f>B5+1</f><v>{value}</v></c>'
    ).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.fixture(params=[False, True], ids=["title", "merged-title"])
def workbook(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / "miskin.xlsx"
    _workbook(path, merged_title=request.param)
    _save_formula_result(path, "C5", "7.82")
    return path


def test_every_sheet_is_read_with_its_merged_header_joined_and_formulas_as_saved(workbook: Path) -> None:
    chunks = list(connectors.read("excel", str(workbook)))
    assert [c.table for c in chunks] == ["Miskin", "Pengangguran"]
    wide, long = chunks
    assert list(wide.frame.columns) == ["Provinsi", "Persentase / 2019", "Persentase / 2020"]
    assert wide.frame.values.tolist() == [["Aceh", 15.01, 14.99], ["Jawa Barat", 6.82, 7.82]]
    assert wide.first_row == 4 and wide.warnings == []  # the title and two header rows come first
    assert list(long.frame.columns) == ["Provinsi", "Tahun", "TPT"]
    assert long.frame.values.tolist() == [["Aceh", 2020, 6.59]] and long.first_row == 2
    assert [c.progress for c in chunks] == [0.5, 1.0]


def test_a_wide_sheet_is_reshaped_to_one_row_per_region_and_year(workbook: Path) -> None:
    wide = next(iter(connectors.read("excel", str(workbook))))
    # "{table}": each year column's own label ("Persentase") names the indicator
    mapping = Mapping(
        region="Provinsi",
        wide=True,
        indicator_value="{table}",
        indicator_names={"Persentase": "poverty_rate"},
    )
    long = to_long(wide, mapping)
    rows = long[["raw_region", "indicator", "raw_period", "raw_value", "source_row", "table"]]
    assert rows.values.tolist() == [
        ["Aceh", "poverty_rate", "2019", 15.01, 4, "Miskin"],
        ["Jawa Barat", "poverty_rate", "2019", 6.82, 5, "Miskin"],
        ["Aceh", "poverty_rate", "2020", 14.99, 4, "Miskin"],
        ["Jawa Barat", "poverty_rate", "2020", 7.82, 5, "Miskin"],
    ]


def test_a_workbook_builds_into_coded_figures(workbook: Path, tmp_path: Path) -> None:
    mapping = Mapping(region="Provinsi", wide=True, indicator_value="poverty_rate", tables=["Miskin"])
    frame = _build(tmp_path, "excel", workbook, mapping)
    assert _figures(frame) == {
        ("11", 2019): 15.01,
        ("11", 2020): 14.99,
        ("32", 2019): 6.82,
        ("32", 2020): 7.82,
    }
    assert set(frame["indicator"]) == {"poverty_rate"} and set(frame["level"]) == {"province"}


def test_a_formula_without_a_saved_result_is_missing_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "belum-dihitung.xlsx"
    _workbook(path)  # saved by a program that never computed the formula
    wide = next(iter(connectors.read("excel", str(path))))
    assert wide.frame.iloc[1].tolist() == ["Jawa Barat", 6.82, None]
    assert wide.warnings == [
        "sheet Miskin: 1 formula cell(s) have no saved result; "
        "open and save the file in Excel, or those cells are read as missing"
    ]


def test_only_the_chosen_sheets_are_read(workbook: Path) -> None:
    chunks = list(connectors.read("excel", str(workbook), {"tables": ["Pengangguran"]}))
    assert [c.table for c in chunks] == ["Pengangguran"]
    with pytest.raises(connectors.ConnectorError, match="Tidak ada lembar bernama Lain"):
        list(connectors.read("excel", str(workbook), {"tables": ["Lain"]}))


# --- JSON and Parquet ----------------------------------------------------------------------

RECORDS = [
    {"provinsi": "Aceh", "tahun": 2020, "nilai": 14.99, "meta": {"satuan": "persen"}},
    {"provinsi": "Jawa Barat", "tahun": 2020, "nilai": None, "meta": {"satuan": "persen"}},
]


def test_json_records_under_a_key_become_columns_with_nested_fields_flattened(tmp_path: Path) -> None:
    path = tmp_path / "miskin.json"
    path.write_text(json.dumps({"status": "ok", "data": RECORDS}), encoding="utf-8")
    (chunk,) = connectors.read("json", str(path))
    assert list(chunk.frame.columns) == ["provinsi", "tahun", "nilai", "meta.satuan"]
    assert chunk.frame.iloc[0].tolist() == ["Aceh", 2020, 14.99, "persen"]
    assert pd.isna(chunk.frame.iloc[1]["nilai"]) and chunk.first_row == 1


def test_json_lines_number_rows_by_their_line(tmp_path: Path) -> None:
    path = tmp_path / "miskin.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    mapping = Mapping(region="provinsi", period="tahun", value="nilai", indicator_value="poverty_rate")
    (chunk,) = connectors.read("json", str(path))
    assert to_long(chunk, mapping)["source_row"].tolist() == [1, 2]  # the line an analyst opens


def test_json_records_build_into_figures_with_missing_kept(tmp_path: Path) -> None:
    path = tmp_path / "miskin.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    mapping = Mapping(region="provinsi", period="tahun", value="nilai", indicator_value="poverty_rate")
    frame = _build(tmp_path, "json", path, mapping)
    figures = _figures(frame)
    assert figures[("11", 2020)] == 14.99 and pd.isna(figures[("32", 2020)]) and len(figures) == 2


def test_parquet_is_read_in_batches_with_row_numbers_and_progress(tmp_path: Path) -> None:
    path = tmp_path / "tpt.parquet"
    pd.DataFrame({"kode": ["11", "32", "33"], "tahun": [2020] * 3, "tpt": [6.59, None, 6.48]}).to_parquet(
        path
    )
    chunks = list(connectors.read("parquet", str(path), {"chunk_rows": 2}))
    assert [(c.first_row, round(c.progress, 3), len(c.frame)) for c in chunks] == [(1, 0.667, 2), (3, 1.0, 1)]
    assert chunks[1].frame.iloc[0].tolist() == ["33", 2020, 6.48]
    mapping = Mapping(region_code="kode", period="tahun", value="tpt", indicator_value="unemployment_rate")
    frame = _build(tmp_path, "parquet", path, mapping)
    figures = _figures(frame)
    assert figures[("11", 2020)] == 6.59 and figures[("33", 2020)] == 6.48 and pd.isna(figures[("32", 2020)])


# --- SDMX ------------------------------------------------------------------------------------

SDMX_ML = """<?xml version="1.0" encoding="UTF-8"?>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
    xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"
    xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
  <message:Header>
    <message:ID>POV1</message:ID><message:Test>false</message:Test>
    <message:Prepared>2024-01-01T00:00:00</message:Prepared><message:Sender id="BPS"/>
    <message:Structure structureID="BPS_POV" dimensionAtObservation="TIME_PERIOD">
      <common:Structure><Ref agencyID="BPS" id="POVERTY" version="1.0"/></common:Structure>
    </message:Structure>
  </message:Header>
  <message:DataSet structureRef="BPS_POV">{series}</message:DataSet>
</message:GenericData>"""
SERIES = """<generic:Series>
  <generic:SeriesKey><generic:Value id="REF_AREA" value="{code}"/><generic:Value id="INDICATOR" value="POV_RATE"/></generic:SeriesKey>
  <generic:Attributes><generic:Value id="UNIT_MEASURE" value="PC"/></generic:Attributes>
  <generic:Obs><generic:ObsDimension value="2019"/><generic:ObsValue value="{v2019}"/></generic:Obs>
  <generic:Obs><generic:ObsDimension value="2020"/><generic:ObsValue value="{v2020}"/></generic:Obs>
</generic:Series>"""
SDMX_ROWS = [
    {"REF_AREA": "11", "INDICATOR": "POV_RATE", "TIME_PERIOD": "2019", "value": 15.01},
    {"REF_AREA": "11", "INDICATOR": "POV_RATE", "TIME_PERIOD": "2020", "value": 14.99},
    {"REF_AREA": "32", "INDICATOR": "POV_RATE", "TIME_PERIOD": "2019", "value": 6.82},
    {"REF_AREA": "32", "INDICATOR": "POV_RATE", "TIME_PERIOD": "2020", "value": 7.82},
]
SDMX_MAPPING = Mapping(
    region_code="REF_AREA", period="TIME_PERIOD", value="value", indicator_value="poverty_rate"
)
SDMX_FIGURES = {("11", 2019): 15.01, ("11", 2020): 14.99, ("32", 2019): 6.82, ("32", 2020): 7.82}


def _sdmx_json() -> dict:
    """An SDMX-JSON 1.0 data message: series keyed by positions into the structure's values."""
    area = [{"id": "11", "name": "Aceh"}, {"id": "32", "name": "Jawa Barat"}]
    return {
        "header": {"id": "POV1", "test": False, "prepared": "2024-01-01T00:00:00", "sender": {"id": "BPS"}},
        "dataSets": [
            {
                "action": "Information",
                "series": {
                    "0:0": {"observations": {"0": [15.01], "1": [14.99]}},
                    "1:0": {"observations": {"0": [6.82], "1": [7.82]}},
                },
            }
        ],
        "structure": {
            "name": "Poverty",
            "dimensions": {
                "series": [
                    {"id": "REF_AREA", "keyPosition": 0, "values": area},
                    {"id": "INDICATOR", "keyPosition": 1, "values": [{"id": "POV_RATE"}]},
                ],
                "observation": [
                    {"id": "TIME_PERIOD", "keyPosition": 2, "values": [{"id": "2019"}, {"id": "2020"}]}
                ],
            },
            "attributes": {"dataSet": [], "series": [], "observation": []},
        },
    }


def test_an_sdmx_ml_generic_data_message_has_a_column_per_dimension_and_attribute(tmp_path: Path) -> None:
    series = "".join(
        SERIES.format(code=code, v2019=a, v2020=b)
        for code, a, b in (("11", 15.01, 14.99), ("32", 6.82, 7.82))
    )
    path = tmp_path / "miskin.xml"
    path.write_text(SDMX_ML.format(series=series), encoding="utf-8")
    assert connectors.kind_for(path.name) == "sdmx"
    (chunk,) = connectors.read("sdmx", str(path))
    assert chunk.table == "POVERTY"
    assert chunk.frame.to_dict("records") == [{**row, "UNIT_MEASURE": "PC"} for row in SDMX_ROWS]
    assert _figures(_build(tmp_path, "sdmx", path, SDMX_MAPPING)) == SDMX_FIGURES


def test_an_sdmx_json_file_saved_as_json_is_read_as_sdmx(tmp_path: Path) -> None:
    path = tmp_path / "miskin.json"
    path.write_text(json.dumps(_sdmx_json()), encoding="utf-8")
    assert connectors.kind_for(path.name) == "json"  # what an upload of this file is registered as
    for kind in ("json", "sdmx"):
        (chunk,) = connectors.read(kind, str(path))
        assert (
            sorted(chunk.frame.to_dict("records"), key=lambda r: (r["REF_AREA"], r["TIME_PERIOD"]))
            == SDMX_ROWS
        )
    assert _figures(_build(tmp_path, "json", path, SDMX_MAPPING)) == SDMX_FIGURES


def test_a_plain_json_document_with_a_structure_key_stays_records(tmp_path: Path) -> None:
    path = tmp_path / "lain.json"
    path.write_text(json.dumps({"structure": {"v": 1}, "data": RECORDS}), encoding="utf-8")
    (chunk,) = connectors.read("json", str(path))
    assert chunk.frame["provinsi"].tolist() == ["Aceh", "Jawa Barat"]


# --- CSV encodings ---------------------------------------------------------------------------

CSV_TEXT = "Provinsi{d}Tahun{d}Persentase\r\nAceh{d}2020{d}14,99\r\nDKI Jakarta{d}2020{d}4,53\r\n"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-8-sig", ";")],  # Excel's "Unicode text" and "CSV UTF-8"
    ids=["utf-16-bom-tab", "utf-8-bom-semicolon"],
)
def test_a_csv_with_a_byte_order_mark_is_decoded_without_the_mark(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "miskin.csv"
    data = CSV_TEXT.format(d=delimiter).encode(encoding)
    assert data[:2] in (b"\xff\xfe", b"\xef\xbb")
    path.write_bytes(data)
    (chunk,) = connectors.read("csv", str(path))
    assert list(chunk.frame.columns) == ["Provinsi", "Tahun", "Persentase"]
    assert chunk.frame.values.tolist() == [["Aceh", "2020", "14,99"], ["DKI Jakarta", "2020", "4,53"]]
    mapping = Mapping(region="Provinsi", period="Tahun", value="Persentase", indicator_value="poverty_rate")
    assert _figures(_build(tmp_path, "csv", path, mapping)) == {("11", 2020): 14.99, ("31", 2020): 4.53}
