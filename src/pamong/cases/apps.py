from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "pamong.cases"
    label = "cases"
    verbose_name = "Permohonan dan pengaduan"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from pamong.cases import guided, routing  # noqa: F401  routing registers cases.complaint_router

        # The chat's filing limit per client address needs the address the dialog is not given.
        request_started.connect(guided.note_client, dispatch_uid="cases-note-client")
        request_finished.connect(guided.forget_client, dispatch_uid="cases-forget-client")
