from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "pamong.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from pamong.core.checks import public_url_check

        checks.register(public_url_check, "pamong", deploy=True)
