"""Demo records for seed_demo: the year's shortlists started from the candidates (at most three
of a unit, twelve a list, with a reason) and the demo reviewer named to a panel not yet open, so
that the clerk can open it and the reviewer can score. Re-running is safe: a campaign that
already has shortlist entries is left alone."""

from efficiency_center.models import User

from . import selectors
from .models import ListKind, Panel, PanelMember, ShortlistEntry

PER_LIST = 12
REASONS = {
    ListKind.BEST_MEASURE: "项目评定为优秀，措施可复制、可推广。",
    ListKind.REAL_DEED: "经核实成效明显，服务对象评价好。",
}


def seed(county):
    campaign = county.campaign
    if ShortlistEntry.objects.filter(campaign=campaign).exists():
        return
    clerk = county.users.get("clerk") or User.objects.filter(role="clerk").first()
    leader = county.users.get("leader") or User.objects.filter(role="leader").first()
    if clerk is None or leader is None:
        return
    for kind in ListKind.values:
        per_unit, picked = {}, []
        for candidate in selectors.candidates(campaign, kind):
            if per_unit.get(candidate.department_id, 0) >= 3:
                continue
            per_unit[candidate.department_id] = per_unit.get(candidate.department_id, 0) + 1
            picked.append(candidate)
            if len(picked) == PER_LIST:
                break
        field = "project" if kind == ListKind.BEST_MEASURE else "achievement"
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(
                campaign=campaign,
                kind=kind,
                department_id=c.department_id,
                reason=REASONS[kind],
                added_by=clerk,
                **{field: c},
            )
            for c in picked
        )
    panel, _created = Panel.objects.get_or_create(campaign=campaign)
    for reviewer in User.objects.filter(role=User.Role.REVIEWER, is_active=True):
        PanelMember.objects.get_or_create(
            panel=panel, reviewer=reviewer, defaults={"added_by": leader}
        )
