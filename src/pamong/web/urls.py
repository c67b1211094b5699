from django.contrib.auth import views as auth_views
from django.urls import path

from pamong.web import console, portal

app_name = "web"

urlpatterns = [
    path("", portal.home, name="home"),
    path("layanan/<slug:slug>/", portal.service_detail, name="service"),
    path("cari/", portal.search, name="search"),
    path("cari/nilai/", portal.rate_result, name="rate"),
    path("transparansi/", portal.transparency, name="transparency"),
    path("healthz", portal.health, name="health"),
    path("staf/masuk/", auth_views.LoginView.as_view(template_name="web/staff/login.html"), name="login"),
    path("staf/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("staf/", console.dashboard, name="console"),
    path("staf/ai/", console.registry, name="ai-registry"),
    path("staf/ai/<str:key>/", console.function_detail, name="ai-function"),
    path("staf/katalog/", console.catalog_uploads, name="catalog-uploads"),
    path("staf/audit/", console.audit_log, name="audit"),
]
