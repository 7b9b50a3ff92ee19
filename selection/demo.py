"""Demo records for seed_demo, made through the services: on 30 November the clerk starts the
year's shortlists from the candidates (at most three of a unit, twelve a list, with a reason);
on 1 December the leader names the demo reviewer to a panel not yet open, so that the clerk can
open it and the reviewer can score. Re-running is safe: a campaign that already has shortlist
entries is left alone."""

from efficiency_center.models import User

from . import selectors, services
from .models import ListKind, Panel, ShortlistEntry

PER_LIST = 12
PER_UNIT = 3
REASONS = {
    ListKind.BEST_MEASURE: "项目评定为优秀，措施可复制、可推广。",
    ListKind.REAL_DEED: "经核实成效明显，服务对象评价好。",
}
SHORTLISTED = (11, 30, 9)  # month, day, hour of the first pick; one a minute after it
PANEL_NAMED = (12, 1, 10)


def _user(county, username, role):
    return county.users.get(username) or User.objects.filter(role=role, is_active=True).first()


def _picks(campaign, kind):
    per_unit, picked = {}, []
    for candidate in selectors.candidates(campaign, kind):
        if per_unit.get(candidate.department_id, 0) >= PER_UNIT:
            continue
        per_unit[candidate.department_id] = per_unit.get(candidate.department_id, 0) + 1
        picked.append(candidate)
        if len(picked) == PER_LIST:
            break
    return picked


def seed(county):
    campaign = county.campaign
    if ShortlistEntry.objects.filter(campaign=campaign).exists():
        return
    clerk = _user(county, "clerk", User.Role.CLERK)
    leader = _user(county, "leader", User.Role.LEADER)
    if clerk is None or leader is None:
        return
    month, day, hour = SHORTLISTED
    minute = 0
    for kind in ListKind.values:
        for candidate in _picks(campaign, kind):
            services.shortlist_add(
                campaign=campaign,
                kind=kind,
                user=clerk,
                candidate_id=candidate.pk,
                reason=REASONS[kind],
                at=county.at(month, day, hour + minute // 60, minute % 60),
            )
            minute += 1
    reviewers = list(User.objects.filter(role=User.Role.REVIEWER, is_active=True))
    panel = Panel.objects.filter(campaign=campaign).first()
    services.panel_set_reviewers(
        campaign=campaign,
        user=leader,
        reviewers=reviewers,
        expected_version=panel.version if panel else 1,
        at=county.at(*PANEL_NAMED),
    )
