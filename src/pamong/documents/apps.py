from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "pamong.documents"
    label = "documents"
    verbose_name = "Surat masuk (administrasi cerdas)"

    def ready(self) -> None:
        # Register the AI functions with the registry as the app loads.
        from pamong.documents import functions  # noqa: F401
