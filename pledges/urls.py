from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    # Public: published pledges only.
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("feed/", views.PledgeFeed(), name="feed"),
    # The unit's and the center's working pages.
    path("mine/", views.mine, name="mine"),
    path("start/", views.start, name="start"),
    path("work/<int:pk>/", views.detail, name="detail"),
    path("work/<int:pk>/edit/", views.edit, name="edit"),
    path("work/<int:pk>/act/", views.act, name="act"),
    path("work/<int:pk>/correct/", views.correct, name="correct"),
    path("work/<int:pk>/fulfilment/", views.fulfilment_start, name="fulfilment_start"),
    path("work/<int:pk>/not-kept/", views.breach_new, name="breach_new"),
    path("fulfilment/", views.fulfilment_overview, name="fulfilment_overview"),
    path("fulfilment/<int:pk>/", views.fulfilment_detail, name="fulfilment_detail"),
    path("fulfilment/<int:pk>/edit/", views.fulfilment_edit, name="fulfilment_edit"),
    path("fulfilment/<int:pk>/act/", views.fulfilment_act, name="fulfilment_act"),
    # The center.
    path("review/", views.review_queue, name="review_queue"),
    path("progress/", views.progress, name="progress"),
    path("export.xlsx", views.export, name="export"),
    path("not-kept/", views.breach_queue, name="breach_queue"),
    path("not-kept/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("not-kept/<int:pk>/decide/", views.breach_decide, name="breach_decide"),
]
