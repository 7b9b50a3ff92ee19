"""Time the clerk's desk and the public statistics page at 5,000 and 50,000 cases, by hand:

    DEBUG=1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/complaints_bench \\
        .venv/bin/python bench/complaints_queues.py [cases ...]      (default: 5000 50000)

Needs PostgreSQL; the database is a scratch one: it is created if missing and migrated, and the
bench's own rows (campaign year 2090, units BENCHnn, cases numbered BENCH-…) are replaced on
each run — nothing else in it is touched. For each size the cases are bulk-inserted spread
over every status, unit, kind, channel and month, with deadlines around today so every queue
has cases, and a follow-up for every third case. Then each page is fetched through Django's
test client (the full stack: middleware, views, selectors, templates) a few times and the median
time and the query count are printed. The query count must not change with the size.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/complaints_bench"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efficiency_center.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

YEAR = 2090
PREFIX = "BENCH-"
REPEAT = 5


def ensure_database():
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        sys.exit("BENCH_DATABASE_URL must point at PostgreSQL.")
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", interactive=False, verbosity=0)


def reset():
    from complaints.models import Complaint, FollowUp
    from efficiency_center.models import Campaign, Department

    with transaction.atomic():
        FollowUp.objects.filter(complaint__number__startswith=PREFIX).delete()
        Complaint.objects.filter(number__startswith=PREFIX).delete()
    campaign, _created = Campaign.objects.get_or_create(
        year=YEAR, defaults={"name": "bench", **Campaign.defaults_for_year(YEAR)}
    )
    units = [
        Department.objects.get_or_create(
            code=f"BENCH{n:02d}",
            defaults={"name": f"基准测试局{n}", "short_name": f"基准{n}"},
        )[0]
        for n in range(60)
    ]
    return campaign, units


def insert(count, campaign, units, clerk):
    from complaints.models import Channel, Complaint, Finding, FollowUp, Kind, Status

    today = timezone.localdate()
    statuses, kinds, channels = list(Status.values), list(Kind.values), list(Channel.values)
    findings = list(Finding.values)
    with_finding = {Status.CONCLUDED, Status.ANSWERED, Status.CLOSED}
    batch = []
    for i in range(count):
        status = statuses[i % len(statuses)]
        offset = datetime.timedelta(days=(i % 21) - 10)
        filed = datetime.datetime(YEAR, 1 + i % 12, 1 + i % 28, 9, i % 60)
        batch.append(
            Complaint(
                campaign=campaign,
                number=f"{PREFIX}{i:07d}",
                channel=channels[i % len(channels)],
                kind=kinds[i % len(kinds)],
                department=units[i % len(units)],
                description="基准测试生成的投诉内容：窗口办事效率低下，材料反复退回。",
                is_anonymous=i % 3 == 0,
                status=status,
                registered_by=clerk,
                filed_at=timezone.make_aware(filed),
                opened_at=None if i % 2 else timezone.now(),
                acceptance_due=today + offset,
                reply_due=today + offset,
                close_due=today + offset + datetime.timedelta(days=7),
                very_overdue_on=today + offset + datetime.timedelta(days=7),
                was_late=i % 4 == 0,
                finding=findings[i % 3] if status in with_finding else "",
                answered_on=today - datetime.timedelta(days=3)
                if status == Status.ANSWERED
                else None,
                concluded_at=timezone.now() if status in with_finding else None,
            )
        )
    cases = Complaint.objects.bulk_create(batch, batch_size=2000)
    FollowUp.objects.bulk_create(
        (
            FollowUp(complaint=case, satisfaction=1 + n % 5, channel="phone")
            for n, case in enumerate(cases[::3])
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint; ANALYZE complaints_followup")


def clerk_user():
    from efficiency_center.models import User

    user, _created = User.objects.get_or_create(
        username="bench_clerk", defaults={"role": User.Role.CLERK, "full_name": "基准测试"}
    )
    return user


def measure(client, url):
    client.get(url)  # warm-up
    times = []
    for _n in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries)


def main():
    sizes = [int(arg) for arg in sys.argv[1:]] or [5000, 50000]
    ensure_database()
    clerk = clerk_user()
    client = Client()
    client.force_login(clerk)
    desk = reverse("complaints:center_queue")
    pages = [
        ("desk: waiting for acceptance", desk),
        ("desk: overdue", desk + "?queue=overdue"),
        ("desk: follow-up, one unit", desk + "?queue=follow_up&unit={unit}"),
        ("desk: all, search", desk + "?queue=all&q=0001"),
        ("desk: all, page 20", desk + "?queue=all&page=20"),
        ("statistics", reverse("complaints:statistics") + f"?year={YEAR}"),
    ]
    print(f"database {settings.DATABASES['default']['NAME']}; median of {REPEAT} requests")
    for size in sizes:
        campaign, units = reset()
        started = time.perf_counter()
        insert(size, campaign, units, clerk)
        print(f"\n{size:,} cases (inserted in {time.perf_counter() - started:.1f} s)")
        for label, url in pages:
            url = url.format(unit=units[0].pk)
            ms, queries = measure(client, url)
            print(f"  {label:32} {ms:8.1f} ms  {queries:3d} queries")
        ms, queries = measure(client, reverse("complaints:export") + "?queue=all")
        print(f"  {'export .xlsx, all cases':32} {ms:8.1f} ms  {queries:3d} queries")
    reset()


if __name__ == "__main__":
    main()
