from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "pamong.assistant"
    label = "assistant"
    verbose_name = "Asisten virtual"

    def ready(self) -> None:
        from pamong.assistant import function  # noqa: F401  registers assistant.answer
