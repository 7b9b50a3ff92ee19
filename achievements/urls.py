from django.urls import path

from . import views

app_name = "achievements"

urlpatterns = [
    # Public
    path("", views.public_list, name="public_list"),
    path("competition/", views.competition_index, name="competition_index"),
    path("competition/<int:year>/q<int:quarter>/", views.competition, name="competition"),
    path("units/<int:year>/<str:code>/", views.unit_public, name="unit_public"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/object/", views.objection_create, name="objection_create"),
    # The unit's work
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    # The center
    path("center/", views.review_queue, name="review_queue"),
    path("center/publicity/", views.publicity_open, name="publicity_open"),
    path("center/objections/<int:pk>/", views.objection_answer, name="objection_answer"),
    path("center/desk/", views.desk, name="desk"),
    path("center/export/q<int:quarter>/", views.export, name="export"),
    path("center/import/", views.import_view, name="import"),
    path("center/import/template/", views.import_template, name="import_template"),
]
