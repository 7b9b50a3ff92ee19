from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import audit, navigation, notices, notifications, selectors
from .notices import public_notices
from .permissions import role_required


def home(request):
    campaign = selectors.running_campaign()
    return render(
        request,
        "home.html",
        {
            "campaign": campaign,
            "deadlines": selectors.campaign_deadlines(campaign),
            "sections": navigation.public_links(),
            "latest_notices": public_notices()[:5],
        },
    )


@login_required
def dashboard(request):
    user = request.user
    campaign = selectors.running_campaign()
    context = {
        "campaign": campaign,
        "deadlines": selectors.campaign_deadlines(campaign),
        "recent_notifications": notifications.for_user(user)[:5],
        "today": timezone.localdate(),
    }
    if user.is_unit_user:
        context["department"] = user.department
        context["sub_units"] = (
            selectors.sub_units_of(user.department) if user.role == "head" else []
        )
    else:
        context["unit_counts"] = selectors.unit_counts()
    return render(request, "dashboard.html", context)


@role_required("head")
def signoffs(request):
    from .review import awaiting_signoff

    return render(request, "signoffs.html", {"groups": awaiting_signoff(request.user)})


@role_required("clerk", "leader", "admin")
def unit_directory(request):
    return render(request, "units.html", {"units": selectors.key_departments_with_sub_units()})


@login_required
def notification_list(request):
    page = Paginator(notifications.for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request):
    ids = request.POST.getlist("id") or None
    try:
        ids = [int(pk) for pk in ids] if ids else None
    except ValueError:
        ids = []
    count = notifications.mark_read(request.user, ids)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notification_list")


def notice_list(request):
    """The public notices hub: every app's notices, newest first, filterable by year, unit and
    cause; the feed link keeps the filters."""
    filters = notices.NoticeFilters(request.GET)
    page = Paginator(notices.filtered_notices(filters), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/list.html",
        {
            "page": page,
            "filters": filters,
            "years": notices.notice_years(),
            "units": notices.notice_units(),
            "causes": notices.CAUSE_CHOICES,
            "feed_query": filters.querystring(),
        },
    )


def notice_detail(request, pk):
    notice = get_object_or_404(public_notices(), pk=pk)
    return render(request, "notices/detail.html", {"notice": notice})


def permission_denied(request, exception=None):
    audit.audit(request.user, audit.AuditEvent.Action.DENIED, request.path, request=request)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the failure may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.render_to_string("500.html"))
