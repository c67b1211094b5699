from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "pamong.insight"
    label = "insight"
    verbose_name = "Wawasan kebijakan"

    def ready(self) -> None:
        from pamong.insight import functions  # noqa: F401  registers the insight AI functions
