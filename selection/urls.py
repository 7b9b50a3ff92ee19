from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    # Public
    path("", views.public_index, name="public_index"),
    path("<int:year>/<str:kind>/", views.public_list, name="public_list"),
    # The reviewer
    path("scores/", views.my_scores, name="my_scores"),
    # The center
    path("center/", views.desk, name="desk"),
    path("center/shortlists/<str:kind>/", views.shortlist, name="shortlist"),
    path("center/shortlists/<str:kind>/add/", views.shortlist_add, name="shortlist_add"),
    path("center/entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("center/entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("center/panel/", views.panel_members, name="panel_members"),
    path("center/panel/state/", views.panel_state, name="panel_state"),
    path("center/runs/start/", views.run_start, name="run_start"),
    path("center/runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("center/runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("center/runs/<int:pk>/decide/", views.run_decide, name="run_decide"),
    path("center/ledger/", views.ledger, name="ledger"),
]
