"""The fixed list of service categories (keys are in ``schema.CATEGORY_KEYS``)."""

from __future__ import annotations

from pamong.catalog.schema import CATEGORY_KEYS

NAMES: dict[str, tuple[str, str]] = {
    "kependudukan": ("Kependudukan dan Pencatatan Sipil", "Population and Civil Registration"),
    "perizinan-usaha": ("Perizinan Usaha", "Business Licensing"),
    "bangunan-pertanahan": ("Bangunan dan Pertanahan", "Buildings and Land"),
    "sosial": ("Bantuan Sosial", "Social Assistance"),
    "kesehatan": ("Kesehatan", "Health"),
    "pendidikan": ("Pendidikan", "Education"),
    "pajak": ("Pajak Daerah", "Regional Taxes"),
    "kepolisian": ("Kepolisian", "Police Services"),
    "ketenagakerjaan": ("Ketenagakerjaan", "Employment"),
    "keimigrasian": ("Keimigrasian", "Immigration"),
    "pengaduan-informasi": ("Pengaduan dan Informasi Publik", "Complaints and Public Information"),
    "umum": ("Surat Keterangan dan Umum", "Certificates and General"),
}
assert set(NAMES) == set(CATEGORY_KEYS)


def ensure_categories() -> None:
    """Create or refresh the category rows (idempotent)."""
    from pamong.catalog.models import Category

    for order, key in enumerate(CATEGORY_KEYS):
        name_id, name_en = NAMES[key]
        Category.objects.update_or_create(
            key=key, defaults={"name_id": name_id, "name_en": name_en, "order": order}
        )
