from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pamong.core"
    label = "core"
    verbose_name = "Core"
