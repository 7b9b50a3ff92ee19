"""The relations every app's records declare alike: who did something, the campaign and the
unit a record belongs to, the public notice it led to. Deleting any of them is refused while a
record points at it (PROTECT): the year's history is never lost through a cascade."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _optional(optional):
    return {"null": True, "blank": True} if optional else {}


def user_key(verbose_name, *, optional=False, related_name="+"):
    """The user who did something (recorded, drafted, decided …)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **_optional(optional),
    )


def campaign_key(related_name="+"):
    return models.ForeignKey(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )


DEPARTMENT = _("department")


def unit_key(related_name="+", *, verbose_name=DEPARTMENT, optional=False):
    return models.ForeignKey(
        "efficiency_center.Department",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **_optional(optional),
    )


def notice_key(related_name="+"):
    """The public notice (公开通报) a decision led to, once issued."""
    return models.OneToOneField(
        "efficiency_center.PublicNotice",
        verbose_name=_("public notice"),
        on_delete=models.PROTECT,
        related_name=related_name,
        null=True,
        blank=True,
    )
