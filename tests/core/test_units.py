"""The organisation chart: units loaded from a CSV, parents resolved, errors named by line."""

from __future__ import annotations

import pytest

from pamong.core.models import Unit
from pamong.core.units import UnitFileError, load_units
from tests.conftest import REPO


def test_the_demo_units_load_with_their_parents(db) -> None:  # type: ignore[no-untyped-def]
    count = load_units(REPO / "data/units/units-demo.csv")
    assert count == Unit.objects.count() >= 30
    assert Unit.objects.get(code="bagian-umum").parent == Unit.objects.get(code="setda")
    assert str(Unit.objects.get(code="disdukcapil")) == "Disdukcapil"


def test_loading_twice_updates_instead_of_duplicating(db) -> None:  # type: ignore[no-untyped-def]
    first = load_units(REPO / "data/units/units-demo.csv")
    load_units(REPO / "data/units/units-demo.csv")
    assert Unit.objects.count() == first


def test_a_missing_parent_is_named_with_its_line(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "units.csv"
    path.write_text("code,short_name,name_id,name_en,parent\ndinsos,Dinsos,Dinas Sosial,,setda\n")
    with pytest.raises(UnitFileError, match="line 2: parent unit 'setda' does not exist"):
        load_units(path)
    assert not Unit.objects.exists()
