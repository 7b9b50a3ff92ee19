from assessment import services
from assessment.checks import Check, Rating
from assessment.models import CheckFinding
from tests.samples import sample


@sample(CheckFinding)
def findings(world):
    return [
        services.check_finding_save(
            campaign=world.campaign,
            department=unit,
            check=Check.PLEDGES,
            user=world.users["clerk"],
            text="各季度践诺报告按时报送。",
            rating=Rating.GOOD,
        )
        for unit in (world.dept_a, world.sub_of_a)
    ]
