from django.urls import path

from pamong.cases import console, portal

app_name = "cases"

urlpatterns = [
    path("lapor/", portal.complaint, name="complaint"),
    path("permohonan/<slug:slug>/", portal.application, name="application"),
    path("tanda-terima/", portal.receipt, name="receipt"),
    path("lacak/", portal.track, name="track"),
    path("lacak/<str:number>/", portal.status, name="status"),
    path("lacak/<str:number>/aksi/", portal.citizen_action, name="citizen-action"),
    path("lacak/<str:number>/berkas/", portal.citizen_upload, name="citizen-upload"),
    path("staf/kasus/", console.queue, name="queue"),
    path("staf/kasus/massal/", console.bulk, name="bulk"),
    path("staf/kasus/verifikasi/", console.verification, name="verification"),
    path("staf/kasus/dasbor/", console.dashboard, name="dashboard"),
    path("staf/kasus/dasbor.csv", console.dashboard_csv, name="dashboard-csv"),
    path("staf/kasus/ekspor.csv", console.export_cases, name="export"),
    path("staf/kasus/<str:number>/", console.detail, name="case"),
    path("staf/kasus/<str:number>/aksi/", console.case_action, name="case-action"),
    path("staf/kasus/<str:number>/berkas/<int:pk>/", console.attachment, name="attachment"),
]
