"""A pemda maintains its catalog as YAML: validated whole, imported all or nothing."""

from __future__ import annotations

import pytest
import yaml

from pamong.catalog.importing import CatalogImportError, export_catalog, import_catalog
from pamong.catalog.models import Faq, Service
from pamong.core.models import AuditEntry
from tests.conftest import FIXTURES

SMALL = (FIXTURES / "catalog-small.yaml").read_bytes()


def catalog_with(**changes) -> bytes:  # type: ignore[no-untyped-def]
    """The small catalog with fields of its second service replaced."""
    data = yaml.safe_load(SMALL)
    data["services"][1].update(changes)
    return yaml.safe_dump(data, allow_unicode=True).encode()


def problems_of(raw: bytes, name: str = "katalog.yaml") -> list[str]:
    with pytest.raises(CatalogImportError) as error:
        import_catalog([(name, raw)], actor="test")
    return error.value.problems


def test_an_import_creates_services_with_all_their_facts(small_catalog) -> None:
    service = Service.objects.get(slug="ktp-uji")
    assert service.name_en == "Electronic ID card (test)"
    assert [r.variant_id for r in service.requirements.all()] == ["", "Jika KTP hilang"]
    assert service.steps.count() == 2
    assert service.is_free
    assert service.faq.get().key == "ktp-uji-umur"
    assert Service.objects.get(slug="skck-uji").fees.get().amount == 30000
    entry = AuditEntry.objects.get(verb="catalog.imported")
    assert entry.data["created"] == ["ktp-uji", "akta-lahir-uji", "skck-uji"]


def test_export_then_import_gives_the_same_catalog(small_catalog) -> None:
    first = export_catalog()
    result = import_catalog([("export.yaml", first.encode())], actor="test")
    assert result.created == [] and len(result.updated) == 3
    assert export_catalog() == first


def test_one_bad_service_means_nothing_is_imported(db) -> None:
    problems = problems_of(catalog_with(category="wisata"))
    assert any(
        "services[1] (akta-lahir-uji) category" in p and "unknown category 'wisata'" in p for p in problems
    )
    assert Service.objects.count() == 0


def test_html_in_a_field_is_refused_with_its_place(db) -> None:
    problems = problems_of(catalog_with(summary={"id": "Urus <script>alert(1)</script> di sini"}))
    assert problems == [
        "katalog.yaml: services[1] (akta-lahir-uji) summary id: berisi markup HTML; katalog hanya menerima teks biasa"
    ]


def test_a_missing_field_and_an_unknown_field_are_both_reported(db) -> None:
    data = yaml.safe_load(SMALL)
    del data["services"][0]["steps"]
    data["services"][2]["harga"] = 5
    problems = problems_of(yaml.safe_dump(data).encode())
    assert "katalog.yaml: services[0] (ktp-uji) steps: wajib diisi" in problems
    assert "katalog.yaml: services[2] (skck-uji) harga: kolom tidak dikenal" in problems


def test_invalid_utf8_is_reported_with_its_line(db) -> None:
    raw = SMALL.replace(b"Perekaman KTP-el", "Perekaman KTP\xe9el".encode("latin-1"))
    (problem,) = problems_of(raw)
    assert problem.startswith("katalog.yaml: bukan UTF-8 yang sah (baris 8")


def test_yaml_aliases_are_refused(db) -> None:
    raw = b"services:\n  - &a {slug: x}\n  - *a\n"
    (problem,) = problems_of(raw)
    assert "aliases" in problem


def test_broken_yaml_and_wrong_shapes_get_clear_errors(db) -> None:
    assert "YAML tidak sah" in problems_of(b"services: [unclosed")[0]
    assert "daftar 'services'" in problems_of(b"- just a list")[0]
    assert "daftar 'services'" in problems_of(b"services: 12")[0]


def test_too_many_services_are_refused_before_validation(db, settings) -> None:
    settings.CATALOG_MAX_SERVICES = 100
    raw = ("services:\n" + "".join(f"  - {{slug: s{i}}}\n" for i in range(101))).encode()
    (problem,) = problems_of(raw)
    assert "101 layanan melebihi batas 100" in problem


def test_a_file_over_the_size_limit_is_refused_unread(db, settings) -> None:
    settings.CATALOG_MAX_BYTES = 2048
    (problem,) = problems_of(SMALL)
    assert "melebihi batas 2048 bait" in problem


def test_slugs_and_faq_ids_must_be_unique(db) -> None:
    data = yaml.safe_load(SMALL)
    data["services"][2]["slug"] = "ktp-uji"
    assert any("ktp-uji" in p and "twice" in p for p in problems_of(yaml.safe_dump(data).encode()))


def test_an_faq_id_owned_by_another_service_is_refused(small_catalog) -> None:
    data = {"services": [yaml.safe_load(SMALL)["services"][1]]}
    data["services"][0]["slug"] = "akta-lahir-baru"
    (problem,) = problems_of(yaml.safe_dump(data).encode())
    assert problem == "FAQ id akta-lahir-uji-terlambat sudah dipakai layanan akta-lahir-uji"
    assert not Service.objects.filter(slug="akta-lahir-baru").exists()


def test_prune_deactivates_services_missing_from_the_file(small_catalog) -> None:
    data = yaml.safe_load(SMALL)
    data["services"] = data["services"][:2]
    result = import_catalog([("a.yaml", yaml.safe_dump(data).encode())], actor="test", prune=True)
    assert result.deactivated == ["skck-uji"]
    assert not Service.objects.get(slug="skck-uji").active
    assert Faq.objects.count() == 2


def test_english_errors_for_an_english_speaking_operator(db) -> None:
    from django.utils import translation

    with translation.override("en"):
        problems = problems_of(catalog_with(category="wisata", steps=None))
    assert any("steps" in p and "wrong type of value" in p for p in problems)


def test_a_file_with_ten_thousand_services_is_refused_whole(db) -> None:
    raw = (
        "services:\n" + "".join(f"  - {{slug: s{i}, name: {{id: Layanan {i}}}}}\n" for i in range(10_000))
    ).encode()
    (problem,) = problems_of(raw, "besar.yaml")
    assert problem == "besar.yaml: 10000 layanan melebihi batas 2000 per impor"
    assert Service.objects.count() == 0


def test_if_lost_names_an_faq_or_a_service_and_survives_export(small_catalog) -> None:
    import_catalog([("katalog.yaml", catalog_with(if_lost="ktp-uji-umur"))], actor="test")
    assert Service.objects.get(slug="akta-lahir-uji").if_lost == "ktp-uji-umur"
    exported = yaml.safe_load(export_catalog())["services"]
    assert [s.get("if_lost") for s in exported if s["slug"] == "akta-lahir-uji"] == ["ktp-uji-umur"]
    import_catalog([("katalog.yaml", catalog_with(if_lost="ktp-uji"))], actor="test")
    assert Service.objects.get(slug="akta-lahir-uji").if_lost == "ktp-uji"


def test_if_lost_to_nothing_or_to_itself_is_refused(small_catalog) -> None:
    problems = problems_of(catalog_with(if_lost="akta-hilang-tidak-ada"))
    assert problems == [
        "akta-lahir-uji: if_lost menunjuk akta-hilang-tidak-ada, yang bukan layanan atau FAQ di katalog"
    ]
    assert Service.objects.get(slug="akta-lahir-uji").if_lost == ""
    (itself,) = problems_of(catalog_with(if_lost="akta-lahir-uji"))
    assert "if_lost names the service itself" in itself


def test_a_fee_without_a_fixed_amount_is_kept_as_null(small_catalog) -> None:
    fee = {"amount": None, "description": {"id": "Menurut perda.", "en": "Set by regional regulation."}}
    import_catalog([("katalog.yaml", catalog_with(fees=[fee]))], actor="test")
    service = Service.objects.get(slug="akta-lahir-uji")
    assert [f.amount for f in service.fees.all()] == [None] and not service.is_free
    exported = [s for s in yaml.safe_load(export_catalog())["services"] if s["slug"] == "akta-lahir-uji"]
    assert exported[0]["fees"][0]["amount"] is None
    (problem,) = problems_of(catalog_with(fees=[{**fee, "amount": -5}]))
    assert "fees" in problem


def test_a_first_note_points_to_a_service_and_survives_export(small_catalog) -> None:
    note = {"text": {"id": "Bukan untuk warga asing.", "en": "Not for foreigners."}, "see": "ktp-uji"}
    import_catalog([("katalog.yaml", catalog_with(first_note=note))], actor="test")
    service = Service.objects.get(slug="akta-lahir-uji")
    assert (service.first_note_id, service.first_note_en) == (
        "Bukan untuk warga asing.",
        "Not for foreigners.",
    )
    assert service.first_note_service() == Service.objects.get(slug="ktp-uji")
    exported = yaml.safe_load(export_catalog())["services"]
    assert [s.get("first_note") for s in exported if s["slug"] == "akta-lahir-uji"] == [note]


def test_a_first_note_to_nothing_or_to_itself_is_refused(small_catalog) -> None:
    note = {"text": {"id": "Untuk yang lain."}, "see": "layanan-tidak-ada"}
    assert problems_of(catalog_with(first_note=note)) == [
        "akta-lahir-uji: first_note.see menunjuk layanan-tidak-ada, yang bukan layanan di katalog"
    ]
    (itself,) = problems_of(catalog_with(first_note={**note, "see": "akta-lahir-uji"}))
    assert "first_note.see names the service itself" in itself
    assert Service.objects.get(slug="akta-lahir-uji").first_note_id == ""
