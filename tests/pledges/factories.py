"""Factories and helpers for pledge tests. Helpers go through the services, so that states come
with their recorded history, as in real use."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from efficiency_center.review import document_step
from pledges import services
from pledges.models import Pledge, PledgeItem
from tests.factories import CampaignFactory, DepartmentFactory, UserFactory

PUBLICATION_DATE = datetime.date(2026, 3, 21)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A bare pledge row (no history): for volume tests; use the helpers below otherwise."""

    class Meta:
        model = Pledge

    campaign = factory.SubFactory(CampaignFactory)
    department = factory.SubFactory(DepartmentFactory)
    created_by = factory.SubFactory(UserFactory, department=factory.SelfAttribute("..department"))


class PledgeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeItem

    pledge = factory.SubFactory(PledgeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"第{n}项承诺：审批事项办理时限压缩一半")
    focus_area = "approval"


def refreshed(doc):
    doc.refresh_from_db()
    return doc


def act(pledge, user, action, comment=""):
    pledge = refreshed(pledge)
    document_step(
        document=pledge,
        user=user,
        action=action,
        expected_version=pledge.version,
        comment=comment,
    )
    return refreshed(pledge)


def publish(pledge, clerk, channel="tv_studio"):
    pledge = refreshed(pledge)
    services.pledge_publish(
        pledge=pledge,
        user=clerk,
        expected_version=pledge.version,
        channel=channel,
        publication_date=PUBLICATION_DATE,
    )
    return refreshed(pledge)


def submit_and_publish(pledge, users, head="head_a", supervisor=None):
    act(pledge, users[head], "submit")
    if supervisor:
        act(pledge, users[supervisor], "endorse")
    return publish(pledge, users["clerk"])


def report_act(report, user, action, comment=""):
    report = refreshed(report)
    document_step(
        document=report,
        user=user,
        action=action,
        expected_version=report.version,
        comment=comment,
    )
    return refreshed(report)


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="现场照片.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def fake_pdf_upload(name="核查记录.pdf"):
    """Text named .pdf: refused, the type is decided by content."""
    return SimpleUploadedFile(name, b"this is not a pdf at all", content_type="application/pdf")


def item_post(items, *, prefix="items", version, deleted=()):
    """POST data of the item editor for `items` [(id or None, text, focus_area)]."""
    data = {
        "version": str(version),
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for n, (pk, text, focus) in enumerate(items):
        data[f"{prefix}-{n}-id"] = "" if pk is None else str(pk)
        data[f"{prefix}-{n}-position"] = str(n + 1)
        data[f"{prefix}-{n}-text"] = text
        data[f"{prefix}-{n}-focus_area"] = focus
        if n in deleted:
            data[f"{prefix}-{n}-DELETE"] = "on"
    return data


def decide(breach, user, action, comment=""):
    """A leader's decision on a pledge not kept, on its current version."""
    breach = refreshed(breach)
    services.broken_pledge_decide(
        broken=breach,
        user=user,
        action=action,
        expected_version=breach.version,
        comment=comment,
    )
    return refreshed(breach)


def confirm(breach, user):
    return decide(breach, user, "approve")
