from django.apps import AppConfig


class AIConfig(AppConfig):
    name = "pamong.ai"
    label = "ai"
    verbose_name = "AI function management"
