from django.urls import path

from . import views

app_name = "practice_projects"

urlpatterns = [
    # public
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/versions/<int:revision>/", views.public_detail, name="public_version"),
    # the unit
    path("mine/", views.mine, name="mine"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/act/", views.plan_act, name="plan_act"),
    path("new/", views.project_create, name="project_create"),
    path("manage/<int:pk>/", views.project_detail, name="project_detail"),
    path("manage/<int:pk>/revise/", views.project_revise, name="project_revise"),
    path(
        "manage/<int:pk>/progress/<int:quarter>/",
        views.progress_create,
        name="progress_create",
    ),
    path("manage/<int:pk>/completion/", views.completion_create, name="completion_create"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/edit/", views.filing_edit, name="filing_edit"),
    path("filings/<int:pk>/act/", views.filing_act, name="filing_act"),
    path("filings/<int:pk>/pdf/", views.filing_pdf, name="filing_pdf"),
    path("progress/<int:pk>/", views.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/edit/", views.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/act/", views.progress_act, name="progress_act"),
    path("progress/<int:pk>/pdf/", views.progress_pdf, name="progress_pdf"),
    path("completion/<int:pk>/", views.completion_detail, name="completion_detail"),
    path("completion/<int:pk>/edit/", views.completion_edit, name="completion_edit"),
    path("completion/<int:pk>/act/", views.completion_act, name="completion_act"),
    # the center
    path("review/", views.review_queue, name="review_queue"),
    path("desk/", views.desk, name="desk"),
    path("desk/export/", views.desk_export, name="desk_export"),
]
