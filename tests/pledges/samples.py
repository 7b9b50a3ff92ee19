from pledges import services
from pledges.models import BrokenPledge, FulfilmentReport, Pledge
from tests.pledges.factories import png_upload, submit_and_publish
from tests.samples import sample


@sample(Pledge)
def pledges(world):
    users = world.users
    return [
        services.pledge_start(user=users["staff_a"], campaign=world.campaign),
        services.pledge_start(user=users["staff_sub"], campaign=world.campaign),
    ]


def _published(world, staff="staff_a", **heads):
    pledge = services.pledge_start(user=world.users[staff], campaign=world.campaign)
    return submit_and_publish(pledge, world.users, **heads)


@sample(FulfilmentReport)
def reports(world):
    reports = []
    for staff, heads in (
        ("staff_a", {}),
        ("staff_sub", {"head": "head_sub", "supervisor": "head_a"}),
    ):
        pledge = _published(world, staff, **heads)
        report = services.fulfilment_start(pledge=pledge, quarter=1, user=world.users[staff])
        report.entries.update(text="按承诺办结")
        reports.append(report)
    return reports


@sample(BrokenPledge)
def breaches(world):
    pledge = _published(world)
    return [
        services.broken_pledge_record(
            item=pledge.items.first(),
            quarter=1,
            description="未报备即检查",
            evidence=[png_upload()],
            user=world.users["clerk"],
        )
    ]
