"""Small things the achievement views share."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.vocabulary import calendar_quarter
from efficiency_center.workflow import workflow_for

# What the page says after each step (the table's labels name them in the history).
DONE = {
    "submit": _("Signed off and submitted."),
    "endorse": _("Endorsed and submitted to the center."),
    "send_back": _("Sent back to the unit."),
    "return": _("Returned to the unit with your comment."),
    "approve": _("Verified."),
    "not_accept": _("The achievement was not accepted; the unit was told why."),
    "mark_typical": _("Marked typical."),
    "forward": _("Forwarded to the city; the bonus was recorded."),
}


def step_done(record, action):
    return DONE.get(action) or workflow_for(record).label(action)


def current_quarter(campaign, today=None):
    today = today or timezone.localdate()
    if today.year < campaign.year:
        return 1
    return calendar_quarter(today) if today.year == campaign.year else 4


def quarter_from(request, campaign, key="quarter"):
    value = request.GET.get(key) or request.POST.get(key) or ""
    if value.isdigit() and 1 <= int(value) <= 4:
        return int(value)
    return current_quarter(campaign)


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None
