from django.urls import path

from pamong.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.index, name="index"),
    path("prakiraan/<int:pk>/", views.run_detail, name="run"),
    path("skenario/baru/", views.scenario_new, name="scenario-new"),
    path("skenario/bandingkan/", views.scenario_compare, name="scenario-compare"),
    path("skenario/<int:pk>/", views.scenario_detail, name="scenario"),
    path("anggaran/", views.budget, name="budget"),
    path("anggaran/baris/", views.budget_rows, name="budget-rows"),
]
