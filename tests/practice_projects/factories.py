"""Factories and helpers for practice project tests. Records in a given state are reached
through the services where the state matters (so that the history is real)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from efficiency_center.review import State
from practice_projects import services
from practice_projects.models import (
    CampaignPlan,
    Milestone,
    Project,
    ProjectFiling,
    Target,
    UnitIndicator,
)
from tests.factories import CampaignFactory, DepartmentFactory, UserFactory


class UnitIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitIndicator

    campaign = factory.SubFactory(CampaignFactory)
    department = factory.SubFactory(DepartmentFactory)
    text = "市对县考核：固定资产投资增幅"


class CampaignPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignPlan

    campaign = factory.SubFactory(CampaignFactory)
    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"活动方案{n}")
    doc_number = "金发〔2026〕1号"
    text = "一、指导思想……"
    created_by = factory.SubFactory(UserFactory, department=factory.SelfAttribute("..department"))


class ProjectFactory(factory.django.DjangoModelFactory):
    """A bare project with one draft filing, one target and two milestones (no history)."""

    class Meta:
        model = Project

    campaign = factory.SubFactory(CampaignFactory)
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def filing(self, create, extracted, **kwargs):
        if not create:
            return
        filing = ProjectFiling.objects.create(
            project=self,
            department=self.department,
            created_by=kwargs.pop("created_by", None) or UserFactory(department=self.department),
            **{**filing_data(self.campaign), **kwargs},
        )
        Target.objects.create(
            filing=filing,
            key=1,
            what="办结时限",
            unit="工作日",
            baseline=Decimal(20),
            target_value=Decimal(5),
        )
        for key, due in enumerate(milestone_dates(self.campaign), start=1):
            Milestone.objects.create(
                filing=filing, key=key, position=key, title=f"节点{key}", due_date=due
            )


def milestone_dates(campaign):
    return [
        campaign.start_date + datetime.timedelta(days=60),
        campaign.end_date - datetime.timedelta(days=30),
    ]


def filing_data(campaign, **overrides):
    data = {
        "name": "审批提速工程",
        "theme": (campaign.themes or ["一主四辅"])[0],
        "indicator": None,
        "leader": "王副局长",
        "contact_person": "李联络",
        "contact_phone": "0517-86801234",
        "problem": "审批环节多",
        "measures": "并联审批",
        "expected_results": "时限压缩一半",
        "start_date": campaign.start_date,
        "end_date": campaign.end_date,
        "change_note": "",
    }
    data.update(overrides)
    return data


def target_rows(n=1):
    return [
        {"what": f"指标{i}", "unit": "%", "baseline": Decimal(10), "target_value": Decimal(90)}
        for i in range(n)
    ]


def milestone_rows(campaign, n=2):
    first = campaign.start_date + datetime.timedelta(days=30)
    return [
        {"title": f"节点{i}", "due_date": first + datetime.timedelta(days=30 * i)} for i in range(n)
    ]


def file_project(campaign, staff, **overrides):
    return services.project_file(
        campaign=campaign,
        department=staff.department,
        user=staff,
        data=filing_data(campaign, **overrides),
        targets=target_rows(),
        milestones=milestone_rows(campaign),
    )


def moment(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def act(doc, action, user, comment="", **extra):
    """Take `action` on `doc` through the service a page's button calls."""
    doc.refresh_from_db()
    common = {"user": user, "expected_version": doc.version, "comment": comment, **extra}
    approvals = {
        "ProjectFiling": lambda: services.filing_approve(filing=doc, **common),
        "ProgressReport": lambda: services.progress_report_approve(report=doc, **common),
        "CompletionReport": lambda: services.completion_approve(
            report=doc, **{"rating": "", **common}
        ),
    }
    if action == "approve" and type(doc).__name__ in approvals:
        approvals[type(doc).__name__]()
    else:
        services.document_step(document=doc, action=action, **common)
    doc.refresh_from_db()
    return doc


def approve(doc, users, *, sub_unit=False):
    """Through the sign-offs to approved (and published where approval publishes)."""
    if sub_unit:
        act(doc, "submit", users["head_sub"])
        act(doc, "endorse", users["head_a"])
    else:
        act(doc, "submit", users["head_a"])
    return act(doc, "approve", users["clerk"])


def approved_project(campaign, users, *, sub_unit=False, **overrides):
    staff = users["staff_sub" if sub_unit else "staff_a"]
    project = file_project(campaign, staff, **overrides)
    approve(project.filings.get(), users, sub_unit=sub_unit)
    project.refresh_from_db()
    return project


def entries_for(filing, *, percent=50, status="in_progress", value=Decimal(30)):
    return (
        [
            {"milestone_id": m.pk, "status": status, "percent": percent}
            for m in filing.milestones.all()
        ],
        [{"target_id": t.pk, "value": value} for t in filing.targets.all()],
    )


def file_progress(project, user, quarter=1, today=None, **kwargs):
    """A draft progress report, filed on `today` (default 12-24, when every quarter is open)."""
    project.refresh_from_db()
    milestones, targets = entries_for(project.current, **kwargs)
    return services.progress_report_save(
        user=user,
        project=project,
        quarter=quarter,
        work_done="完成了部署",
        next_steps="继续推进",
        milestone_entries=milestones,
        target_entries=targets,
        at=moment(today or datetime.date(project.campaign.year, 12, 24)),
    )


__all__ = ["State"]
