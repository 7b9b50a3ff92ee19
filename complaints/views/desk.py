"""The clerk's desk: the queues with their counts and filters, and the .xlsx export."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.documents import xlsx_streaming_response
from efficiency_center.permissions import role_required

from .. import spreadsheets
from ..deadlines import Timing
from ..forms.desk import DeskFilterForm
from ..selectors import desk as selectors

PAGE_SIZE = 50
DESK_ROLES = ("clerk", "leader", "admin")


class CountedPaginator(Paginator):
    """A paginator told its count: the desk has it from the tab counts' query already."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def _queue_from(request):
    queue = request.GET.get("queue", "")
    return queue if queue in selectors.QUEUE_KEYS else selectors.DEFAULT_QUEUE


@role_required(*DESK_ROLES)
def center_queue(request):
    form = DeskFilterForm(request.GET or None)
    today = timezone.localdate()
    data = selectors.desk(form.filters(), _queue_from(request), user=request.user, today=today)
    page = CountedPaginator(data["rows"], PAGE_SIZE, count=data["count"]).get_page(
        request.GET.get("page")
    )
    for case in page:
        case.timing_label = Timing.LABELS.get(case.timing)
    return render(
        request,
        "complaints/desk.html",
        {
            "form": form,
            "page": page,
            "queue": data["queue"],
            "stage_tabs": [tab for tab in data["tabs"] if tab["group"] == "stage"],
            "deadline_tabs": [tab for tab in data["tabs"] if tab["group"] == "deadline"],
            "today": today,
        },
    )


def _describe(filters, queue):
    parts = [f"queue={queue}"]
    for name, value in sorted(filters.items()):
        value = getattr(value, "code", value)  # a unit by its code
        parts.append(f"{name}={value}")
    return "; ".join(parts)


@role_required(*DESK_ROLES)
def export(request):
    form = DeskFilterForm(request.GET or None)
    filters, queue = form.filters(), _queue_from(request)
    today = timezone.localdate()
    # The export itself is an audited act (who took which cases out, under which filter).
    audit(
        request.user,
        AuditEvent.Action.EXPORT,
        "complaints desk",
        detail=_describe(filters, queue),
        request=request,
    )
    values = selectors.export_values(filters, queue, user=request.user, today=today)
    return xlsx_streaming_response(
        f"效能投诉-{today:%Y%m%d}.xlsx",
        spreadsheets.export_headers(),
        spreadsheets.export_rows(values),
        sheet_title=_("Complaints"),
    )


urlpatterns = [
    path("desk/", center_queue, name="center_queue"),
    path("desk/export/", export, name="export"),
]
