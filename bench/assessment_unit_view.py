"""Time the leaders' per-unit view (八查八看) for one unit with a large year:

    DEBUG=1 .venv/bin/python bench/assessment_unit_view.py [volume] [runs]

`volume` (default 1000) is the number of the unit's complaints (each with a follow-up, a state
change and a ledger entry), achievements (each with an approval), notices and pledge items;
plus four projects, four fulfilment reports and a breach (tests/assessment/factories.py,
unit_volume). Needs PostgreSQL (DATABASE_URL, as for `make test`): the data goes into the test
database (test_<name>, created if missing and kept, like the suite's) inside a transaction
that is rolled back at the end. Prints the query count and the time per page (median of
`runs`, default 5, after one warm-up), next to a unit with a small year for comparison.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def timed(client, url, runs):
    client.get(url)
    times = []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return len(captured), statistics.median(times), len(response.content)


def main(volume=1000, runs=5):
    from tests.assessment.factories import unit_volume
    from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory

    setup_test_environment()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to PostgreSQL (as for make test).")
    connection.creation.create_test_db(verbosity=0, keepdb=True)
    with transaction.atomic():
        campaign = CampaignFactory(year=2026)
        clerk = CenterUserFactory(username="bench_clerk", role="clerk")
        leader = CenterUserFactory(username="bench_leader", role="leader")
        small = DepartmentFactory(code="BENCH-S", name="县基准小局")
        large = DepartmentFactory(code="BENCH-L", name="县基准大局")
        start = time.perf_counter()
        unit_volume(campaign, small, 2, clerk=clerk)
        unit_volume(campaign, large, volume, clerk=clerk)
        print(f"data: {volume} of each for one unit, built in {time.perf_counter() - start:.1f} s")
        client = Client()
        client.force_login(leader)
        for unit in (small, large):
            url = reverse("assessment:unit", args=[unit.code]) + "?year=2026"
            queries, seconds, size = timed(client, url, runs)
            print(
                f"{unit.code}: {queries} queries, {seconds * 1000:.0f} ms per page "
                f"(median of {runs}), {size / 1024:.0f} KiB of HTML"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
