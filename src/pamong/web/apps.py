from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pamong.web"
    label = "web"
    verbose_name = "Portal dan konsol"
