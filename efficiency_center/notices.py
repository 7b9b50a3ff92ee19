"""Public notices (公开通报): a broken pledge, a complaint found true or a leader's decision.

Any app creates one through `issue_notice`; one public list and one Atom feed show them all.
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .fields import campaign_key, unit_key, user_key


class PublicNotice(models.Model):
    campaign = campaign_key("notices")
    department = unit_key("notices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    cause_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    cause_id = models.PositiveBigIntegerField(null=True, blank=True)
    cause = GenericForeignKey("cause_type", "cause_id")
    issued_by = user_key(_("issued by"))
    approved_by = user_key(_("approved by"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notice_detail", args=[self.pk])

    @property
    def cause_kind(self):
        """What the notice is about: pledge, complaint or other (load cause_type)."""
        return cause_of(self)

    def get_cause_kind_display(self):
        return dict(CAUSE_CHOICES)[self.cause_kind]


@transaction.atomic
def issue_notice(*, campaign, department, title, body, cause, issued_by, approved_by, at=None):
    return PublicNotice.objects.create(
        published_at=at or timezone.now(),
        campaign=campaign,
        department=department,
        title=title,
        body=body,
        cause_type=ContentType.objects.get_for_model(cause) if cause is not None else None,
        cause_id=getattr(cause, "pk", None),
        issued_by=issued_by,
        approved_by=approved_by,
    )


def public_notices():
    return PublicNotice.objects.select_related("department", "campaign", "cause_type")


# What a notice is about, from the app of its cause (cause_type): the public filter "cause".
CAUSE_APPS = {"pledge": "pledges", "complaint": "complaints"}
CAUSE_CHOICES = [
    ("pledge", _("Pledge not kept")),
    ("complaint", _("Complaint found true")),
    ("other", _("Other decision")),
]


def cause_of(notice):
    """What `notice` is about, from its cause's app: pledge, complaint or other."""
    app_label = notice.cause_type.app_label if notice.cause_type_id else None
    return next((key for key, app in CAUSE_APPS.items() if app == app_label), "other")


class NoticeFilters:
    """The public list's and the feed's filters, read from the query string: year (of the
    campaign), unit (department code) and cause. Unknown values are ignored."""

    def __init__(self, params):
        year = (params.get("year") or "").strip()
        self.year = int(year) if year.isdigit() else None
        self.unit = (params.get("unit") or "").strip()[:20]
        cause = params.get("cause") or ""
        self.cause = cause if cause in dict(CAUSE_CHOICES) else ""

    def apply(self, notices):
        if self.year:
            notices = notices.filter(campaign__year=self.year)
        if self.unit:
            notices = notices.filter(department__code=self.unit)
        if self.cause == "other":
            notices = notices.exclude(cause_type__app_label__in=CAUSE_APPS.values())
        elif self.cause:
            notices = notices.filter(cause_type__app_label=CAUSE_APPS[self.cause])
        return notices

    def querystring(self):
        query = {"year": self.year or "", "unit": self.unit, "cause": self.cause}
        query = {key: value for key, value in query.items() if value}
        return "?" + urlencode(query) if query else ""


def filtered_notices(filters):
    """Public notices matching `filters`, newest first."""
    return filters.apply(public_notices()).order_by("-published_at", "-id")


def notice_years():
    """Years with notices, newest first (the year filter): one query."""
    from .models import Campaign

    return list(
        Campaign.objects.filter(notices__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    )


def notice_units():
    """Units with notices (the unit filter): one query."""
    from .models import Department

    return list(
        Department.objects.filter(notices__isnull=False)
        .distinct()
        .order_by("code")
        .only("code", "name", "short_name")
    )


class PublishedTextFeed(Feed):
    """An Atom feed of published texts: records with a title, a body and published_at (public
    notices, typical complaint cases)."""

    feed_type = Atom1Feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class NoticeFeed(PublishedTextFeed):
    title = _("Public notices")
    subtitle = _("Pledges not kept and complaints found true, as notified by the center.")

    def get_object(self, request, *args, **kwargs):
        return NoticeFilters(request.GET)

    def link(self, obj):
        return reverse("notice_list") + obj.querystring()

    def items(self, obj):
        return filtered_notices(obj)[:50]
