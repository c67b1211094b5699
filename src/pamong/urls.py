from django.contrib import admin
from django.urls import include, path

from pamong.api import api

admin.site.site_header = "pamong"
admin.site.site_title = "pamong"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("pamong.cases.open311_urls")),
    path("staf/wawasan/", include("pamong.insight.urls")),
    path("", include("pamong.assistant.urls")),
    path("", include("pamong.cases.urls")),
    path("staf/data/", include("pamong.datahub.urls")),
    path("", include("pamong.documents.urls")),
    path("", include("pamong.web.urls")),
]
