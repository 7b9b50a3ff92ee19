"""The assessment's workflow table (efficiency_center.workflow): the clerk's 八查八看 finding.

    (written by a clerk) → draft --save(clerk)--> draft        (the text and rating, old → new)
                           draft --finalize(clerk)--> final   (the unit reads it; it is told)
                           final --reopen(clerk, a reason)--> draft   (withdrawn from the unit)

Nothing changes once the campaign's assessment is closed. Leaders read the findings and their
history; the unit reads its final ones on its page.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from efficiency_center.accounts import unit_users
from efficiency_center.errors import DomainError
from efficiency_center.permissions import role
from efficiency_center.workflow import Action, Workflow, register

from .models import CheckFinding

State = CheckFinding.FindingState
CLERK = role("clerk")


def closed_refusal(campaign):
    return _(
        "The %(year)s assessment is closed: its findings of the eight checks can no longer change."
    ) % {"year": campaign.year}


def refuse_if_closed(campaign):
    if campaign.assessment_is_closed:
        raise DomainError(closed_refusal(campaign))


def _open(finding):
    return not finding.campaign.assessment_is_closed


def _closed(finding):
    return closed_refusal(finding.campaign)


def _complete(finding, fields):
    if not finding.text.strip():
        raise DomainError(_("Write the finding before marking it final."), field="text")
    if not finding.rating:
        raise DomainError(_("Choose a rating before marking the finding final."), field="rating")


def _tell_unit(verb):
    def rule(finding, change):
        text = verb % {"check": finding.get_item_display(), "year": finding.campaign.year}
        return [(unit_users(finding.department_id), text, unit_page_url(finding))]

    return rule


def unit_page_url(finding):
    return (
        reverse("assessment:unit", args=[finding.department.code])
        + f"?year={finding.campaign.year}#checks"
    )


_while_open = {"when": _open, "refusal": _closed}

CHECK_FINDING = register(
    CheckFinding,
    Workflow(
        actions={
            "save": Action(
                _("Finding changed"),
                sources=(State.DRAFT,),
                may=CLERK,
                button=_("Save the finding"),
                stamp="updated_at",
                offered=False,  # the finding's own form
                **_while_open,
            ),
            "finalize": Action(
                _("Marked final"),
                sources=(State.DRAFT,),
                target=State.FINAL,
                may=CLERK,
                button=_("Mark final: the unit sees it"),
                style="success",
                check=_complete,
                notify=_tell_unit(
                    _("The center's finding on “%(check)s” (the eight checks, %(year)s) is final.")
                ),
                **_while_open,
            ),
            "reopen": Action(
                _("Reopened"),
                sources=(State.FINAL,),
                target=State.DRAFT,
                may=CLERK,
                button=_("Reopen for changes"),
                style="outline-warning",
                comment=_("Say why the finding is reopened."),
                notify=_tell_unit(
                    _(
                        "The center reopened its finding on “%(check)s” (the eight checks, "
                        "%(year)s) for changes."
                    )
                ),
                **_while_open,
            ),
        },
        labels={"create": _("Finding written")},
        stamps={State.FINAL: "finalized_at"},
    ),
)
