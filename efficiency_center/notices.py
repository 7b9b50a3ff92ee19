"""Public notices (公开通报): a broken pledge, a complaint found true or a leader's decision.

Any app creates one through `issue_notice`; one public list and one Atom feed show them all.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _


class PublicNotice(models.Model):
    campaign = models.ForeignKey(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    department = models.ForeignKey(
        "efficiency_center.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    cause_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    cause_id = models.PositiveBigIntegerField(null=True, blank=True)
    cause = GenericForeignKey("cause_type", "cause_id")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notice_detail", args=[self.pk])


@transaction.atomic
def issue_notice(*, campaign, department, title, body, cause, issued_by, approved_by):
    return PublicNotice.objects.create(
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
    return PublicNotice.objects.select_related("department", "campaign")


class NoticeFeed(Feed):
    feed_type = Atom1Feed
    title = _("Public notices")
    subtitle = _("Pledges not kept and complaints found true, as notified by the center.")

    def link(self):
        return reverse("notice_list")

    def items(self):
        return public_notices()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_pubdate(self, item):
        return item.published_at
