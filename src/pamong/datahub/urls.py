from django.urls import path

from pamong.datahub import views

app_name = "datahub"

urlpatterns = [
    path("", views.datasets, name="datasets"),
    path("sumber/<int:source_id>/", views.source_mapping, name="source"),
    path("<slug:slug>/", views.dataset_detail, name="dataset"),
    path("<slug:slug>/v<int:number>/", views.version_detail, name="version"),
    path("<slug:slug>/v<int:number>/tabel/", views.explore, name="explore"),
]
