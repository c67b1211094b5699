from django.apps import AppConfig


class DatahubConfig(AppConfig):
    name = "pamong.datahub"
    label = "datahub"
    verbose_name = "Integrasi data"

    def ready(self) -> None:
        from pamong.datahub import regions  # noqa: F401  registers datahub.regions
