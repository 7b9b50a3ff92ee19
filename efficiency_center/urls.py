from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from operations.views import healthz

from . import uploads, views
from .forms import LoginForm
from .notices import NoticeFeed

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("healthz/", healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("signoffs/", views.signoffs, name="signoffs"),
    path("units/", views.unit_directory, name="unit_directory"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notification_mark_read, name="notification_mark_read"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/feed/", NoticeFeed(), name="notice_feed"),
    path("files/<int:pk>/", uploads.download, name="attachment_download"),
    path("projects/", include("practice_projects.urls")),
    path("pledges/", include("pledges.urls")),
    path("achievements/", include("achievements.urls")),
    path("complaints/", include("complaints.urls")),
    path("selection/", include("selection.urls")),
    path("assessment/", include("assessment.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "efficiency_center.views.permission_denied"
handler404 = "efficiency_center.views.page_not_found"
handler500 = "efficiency_center.views.server_error"
