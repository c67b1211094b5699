"""The catalog that ships is real, complete and bilingual."""

from __future__ import annotations

from pamong.catalog.models import Faq, Service

REQUIRED = {
    "ktp-el-baru",
    "ktp-el-penggantian",
    "ktp-el-perubahan-data",
    "kartu-keluarga-baru",
    "akta-kelahiran",
    "akta-kematian",
    "akta-perkawinan",
    "pindah-keluar",
    "kia",
    "nib-oss",
    "pbg",
    "slf",
    "dtks-pendaftaran",
    "bpjs-kesehatan-pbi",
    "spmb-penerimaan-murid-baru",
    "pbb-p2-pembayaran",
    "skck",
}


def test_at_least_forty_services_and_150_faq_entries(shipped_catalog) -> None:
    assert Service.objects.count() >= 40
    assert Faq.objects.count() >= 150
    assert set(Service.objects.values_list("slug", flat=True)) >= REQUIRED


def test_every_service_is_written_in_both_languages_and_actionable(shipped_catalog) -> None:
    for service in Service.objects.prefetch_related("steps", "faq", "legal_bases"):
        assert service.name_en and service.summary_en and service.description_en, service.slug
        assert service.steps.count() >= 2, service.slug
        assert all(step.text_en for step in service.steps.all()), service.slug
        assert all(faq.answer_en for faq in service.faq.all()), service.slug
        assert service.legal_bases.exists(), service.slug
        assert service.synonyms, service.slug


def test_civil_registration_documents_are_free_by_law(shipped_catalog) -> None:
    for slug in ("ktp-el-baru", "akta-kelahiran", "kartu-keluarga-baru", "akta-kematian", "kia"):
        service = Service.objects.get(slug=slug)
        assert service.is_free, slug
        assert any("24" in fee.legal_basis and "2013" in fee.legal_basis for fee in service.fees.all()), slug


TAXES_AND_LEVIES = ("pbb-p2-pembayaran", "bphtb", "pajak-kendaraan-tahunan", "pbg", "pendaftaran-tanah")


def test_a_tax_or_levy_without_a_fixed_amount_is_never_called_free(shipped_catalog, client) -> None:
    """amount: null means "set by regulation, see the description"; 0 would read as "Gratis"."""
    from pamong.assistant.compose import fee_text

    for slug in TAXES_AND_LEVIES:
        service = Service.objects.get(slug=slug)
        assert not service.is_free, slug
        assert not fee_text(service).startswith("Gratis"), slug
        fees_on_page = client.get(f"/layanan/{slug}/").content.decode().split("<dt>Biaya</dt>")[1][:200]
        assert "Gratis" not in fees_on_page and "tidak tetap" in fees_on_page, slug
    assert fee_text(Service.objects.get(slug="pbb-p2-pembayaran")).startswith("Besar PBB tertera di SPPT")


def test_a_service_page_links_where_a_lost_document_is_handled(shipped_catalog, client) -> None:
    page = client.get("/layanan/ktp-el-baru/").content.decode()
    assert 'Dokumennya hilang? <a href="/layanan/ktp-el-penggantian/">Penggantian KTP-el' in page
    page = client.get("/layanan/akta-kelahiran/").content.decode()
    assert 'href="/layanan/akta-kelahiran/#akta-kelahiran-hilang"' in page
    assert "Dokumennya hilang?" not in client.get("/layanan/skck/").content.decode()
