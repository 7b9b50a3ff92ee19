"""The per-unit view's timeline: one dated list across the four apps, the ledger and the
notices. Complaint steps carry the case number, kind and action only: never a comment, which
may retell the case or name the complainant."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from complaints.models import Complaint, Reply
from efficiency_center.workflow import StateChange, workflow_for
from pledges.models import FulfilmentReport, Pledge
from practice_projects.models import (
    CampaignPlan,
    CompletionReport,
    ProgressReport,
    ProjectFiling,
)

from ..templatetags.assessment import points
from .common import generic_q

TIMELINE_LIMIT = 200


def _action_label(model, action):
    """What the timeline says of a step: its label in the record's table."""
    return workflow_for(model).label(action)


def documents(campaign, unit, complaints):
    """(model, queryset of the unit's rows of the year) for every document with a history."""
    own = {"campaign": campaign, "department": unit}
    in_year = {"project__campaign": campaign, "department": unit}
    return [
        (Pledge, Pledge.objects.filter(**own)),
        (FulfilmentReport, FulfilmentReport.objects.filter(**own)),
        (CampaignPlan, CampaignPlan.objects.filter(**own)),
        (ProjectFiling, ProjectFiling.objects.filter(**in_year)),
        (ProgressReport, ProgressReport.objects.filter(**in_year)),
        (CompletionReport, CompletionReport.objects.filter(**in_year)),
        (Achievement, Achievement.objects.filter(**own)),
        (Complaint, complaints),
        (Reply, Reply.objects.filter(complaint__in=complaints.values("pk"))),
    ]


def labels(pledges, projects, achievements, complaints, replies, *, center=True):
    """{(model, pk): (text, url)} of every document the timeline may name."""
    labels = {}
    for pledge in pledges["revisions"]:
        labels[Pledge, pledge.pk] = (
            _("Public pledge, revision %(revision)s") % {"revision": pledge.revision},
            pledge.get_absolute_url(),
        )
    for row in pledges["quarters"]:
        if row["report"] is not None:
            labels[FulfilmentReport, row["report"].pk] = (
                _("Fulfilment report Q%(quarter)s") % {"quarter": row["quarter"]},
                row["report"].get_absolute_url(),
            )
    if projects["plan"] is not None:
        labels[CampaignPlan, projects["plan"].pk] = (
            projects["plan"].title,
            projects["plan"].get_absolute_url(),
        )
    names = {}
    for filing in projects["filings"]:
        names[filing.pk] = filing.name
        labels[ProjectFiling, filing.pk] = (
            _("%(name)s (filing, version %(revision)s)")
            % {"name": filing.name, "revision": filing.revision},
            filing.get_absolute_url(),
        )
    for report in projects["progress_reports"]:
        labels[ProgressReport, report.pk] = (
            _("%(name)s · Q%(quarter)s progress")
            % {"name": names.get(report.filing_id, ""), "quarter": report.quarter},
            report.get_absolute_url(),
        )
    for project in projects["projects"]:
        if project.completion_report is not None:
            labels[CompletionReport, project.completion_report.pk] = (
                _("%(name)s · completion summary") % {"name": project.name},
                project.completion_report.get_absolute_url(),
            )
    for achievement in achievements["achievements"]:
        labels[Achievement, achievement.pk] = (
            achievement.title,
            achievement.get_absolute_url(),
        )
    numbers = {}
    for complaint in complaints["complaints"]:
        numbers[complaint.pk] = complaint.number
        labels[Complaint, complaint.pk] = (
            f"{complaint.number} · {complaint.kind_label}",
            complaint.get_absolute_url() if center else complaint.get_unit_url(),
        )
    for reply_id, complaint_id in replies:
        labels[Reply, reply_id] = (
            _("Reply to %(case)s") % {"case": numbers.get(complaint_id, "")},
            labels.get((Complaint, complaint_id), ("", ""))[1],
        )
    return labels


def timeline(documents, labels, entries, notices):
    """One list of dated events, newest first, at most TIMELINE_LIMIT: the documents' state
    changes (the latest TIMELINE_LIMIT, in one query), the ledger entries and the notices."""
    query = Q()
    models = {}
    for model, rows in documents:
        query |= generic_q(model, rows.values("pk"))
        models[model._meta.app_label, model._meta.model_name] = model
    steps = (
        StateChange.objects.filter(query)
        .select_related("content_type", "actor")
        .order_by("-created_at", "-id")[:TIMELINE_LIMIT]
    )
    events = []
    for step in steps:
        model = models[step.content_type.app_label, step.content_type.model]
        text, url = labels.get((model, step.object_id), (f"#{step.object_id}", ""))
        is_complaint = model in (Complaint, Reply)
        events.append(
            {
                "at": step.created_at,
                "source": _source(model),
                "what": model._meta.verbose_name,
                "text": text,
                "url": url,
                "action": _action_label(model, step.action),
                "actor": step.actor,
                # A complaint's comments may retell the case: never shown here.
                "comment": "" if is_complaint else step.comment,
            }
        )
    for entry in entries:
        events.append(
            {
                "at": entry.created_at,
                "source": "ledger",
                "what": _("Ledger entry"),
                "text": entry.cause_text,
                "url": entry.cause_url,
                "action": f"{entry.kind_label} {'+' if entry.points > 0 else ''}"
                f"{points(entry.points)}",
                "actor": entry.recorded_by,
                "comment": entry.note,
            }
        )
    for notice in notices:
        events.append(
            {
                "at": notice.published_at,
                "source": "notice",
                "what": _("Public notice"),
                "text": notice.title,
                "url": notice.get_absolute_url(),
                "action": _("Published"),
                "actor": None,
                "comment": "",
            }
        )
    events.sort(key=lambda event: event["at"], reverse=True)
    return events[:TIMELINE_LIMIT]


def _source(model):
    return {
        "pledges": "pledges",
        "practice_projects": "projects",
        "achievements": "achievements",
        "complaints": "complaints",
    }.get(model._meta.app_label, "other")
