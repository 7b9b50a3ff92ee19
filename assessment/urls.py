from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    # The center (leaders and clerks); corrections and closing: leaders.
    path("", views.table, name="table"),
    path("entries/", views.entries, name="entries"),
    path("entries/<int:pk>/reverse/", views.reverse_entry, name="reverse"),
    path("close/", views.close, name="close"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("overview/", views.overview, name="overview"),
    # The per-unit view (八查八看): the center any unit, a unit its own.
    path("units/", views.unit_index, name="unit_index"),
    path("units/<str:code>/", views.unit, name="unit"),
    # The clerk's finding of one check (八查八看): the center only; written by clerks.
    path("units/<str:code>/checks/<str:check>/", views.check_finding, name="check_finding"),
    path(
        "units/<str:code>/checks/<str:check>/act/",
        views.check_finding_act,
        name="check_finding_act",
    ),
]
