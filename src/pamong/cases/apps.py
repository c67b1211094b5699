from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "pamong.cases"
    label = "cases"
    verbose_name = "Permohonan dan pengaduan"

    def ready(self) -> None:
        from pamong.cases import routing  # noqa: F401  registers cases.complaint_router
