from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "pamong.catalog"
    label = "catalog"
    verbose_name = "Katalog layanan"

    def ready(self) -> None:
        from pamong.catalog import search  # noqa: F401  registers catalog.search
