"""Time the year-end ranking on a county-sized selection, in a scratch database:

    DEBUG=1 .venv/bin/python bench/selection_ranking.py [candidates] [reviewers]

Builds 53 units, 1,000 candidates (500 practice projects rated excellent, 500 verified
achievements, all shortlisted) and 15 reviewers' scores (three reviewers belong to units, so
that the own-unit rule is exercised), then times `services.ranking_compute` (the Celery task's
body: claim, load under the panel lock, rank both lists, compare, save the snapshot) twice: the
first run, and a second one after 200 scores changed (with the diff against the first).

The scratch database is BENCH_DATABASE_URL (default: a PostgreSQL database
`ec_selection_bench` on 127.0.0.1, created and dropped by this script); with
BENCH_DATABASE_URL=sqlite it is a temporary SQLite file.
"""

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efficiency_center.settings")
os.environ.setdefault("DEBUG", "1")

PG_URL = "postgres://postgres@127.0.0.1:5432/ec_selection_bench"
URL = os.environ.get("BENCH_DATABASE_URL", PG_URL)
if URL == "sqlite":
    URL = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ["DATABASE_URL"] = URL
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"


def create_database(url):
    """Create the PostgreSQL scratch database (dropping a leftover one)."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
        password=db["PASSWORD"] or None, dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def drop_database():
    import psycopg
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
        password=db["PASSWORD"] or None, dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')


import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def build(candidates, reviewers):
    """The county, the candidates, the shortlists, the panel and every score, in bulk."""
    from achievements.models import Achievement, Category
    from efficiency_center.models import Campaign, Department, User
    from efficiency_center.review import State
    from practice_projects.models import Project, ProjectFiling, Rating
    from selection.models import ListKind, Panel, PanelMember, Score, ShortlistEntry

    rng = random.Random(2014)
    campaign = Campaign.objects.create(name="“优服务、助发展”", **Campaign.defaults_for_year(2026))
    category, _created = Category.objects.get_or_create(campaign=campaign, name="101%服务")
    units = Department.objects.bulk_create(
        Department(code=f"D{n:02d}", name=f"县重点部门{n}", short_name=f"部门{n}")
        for n in range(1, 54)
    )
    clerk = User.objects.create(username="clerk", role="clerk")
    leader = User.objects.create(username="leader", role="leader")
    staff = User.objects.create(username="staff", role="staff", department=units[0])
    panel_users = User.objects.bulk_create(
        User(
            username=f"reviewer{n}",
            full_name=f"评委{n}",
            role="reviewer",
            department=units[n] if n < 3 else None,
        )
        for n in range(reviewers)
    )
    half = candidates // 2
    base = timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
    projects = Project.objects.bulk_create(
        Project(campaign=campaign, department=units[n % 53], rating=Rating.EXCELLENT)
        for n in range(half)
    )
    filings = ProjectFiling.objects.bulk_create(
        ProjectFiling(
            project=project,
            department_id=project.department_id,
            created_by=staff,
            state=State.PUBLISHED,
            submitted_at=base + datetime.timedelta(minutes=n),
            name=f"主题实践项目{n}",
            theme="一主四辅",
            leader="副局长",
            contact_person="联络员",
            contact_phone="0517-86800000",
            problem="审批环节多",
            measures="并联审批",
            expected_results="时限压缩一半",
            start_date=datetime.date(2026, 3, 20),
            end_date=datetime.date(2026, 12, 20),
        )  # fmt: skip
        for n, project in enumerate(projects)
    )
    for project, filing in zip(projects, filings, strict=True):
        project.current = filing
    Project.objects.bulk_update(projects, ["current"])
    achievements = Achievement.objects.bulk_create(
        Achievement(
            campaign=campaign,
            department=units[n % 53],
            quarter=1 + n % 4,
            title=f"服务实绩{n}",
            focus_area="service",
            category=category,
            description="提前介入，当天办结。",
            cases_handled=n % 200,
            period_start=datetime.date(2026, 1, 5),
            period_end=datetime.date(2026, 3, 10),
            state=State.APPROVED,
            submitted_at=base + datetime.timedelta(minutes=n),
            created_by=staff,
        )  # fmt: skip
        for n in range(candidates - half)
    )
    entries = ShortlistEntry.objects.bulk_create(
        [
            ShortlistEntry(
                campaign=campaign,
                kind=ListKind.BEST_MEASURE,
                department_id=p.department_id,
                project=p,
                reason="成效显著",
                added_by=clerk,
            )  # fmt: skip
            for p in projects
        ]
        + [
            ShortlistEntry(
                campaign=campaign,
                kind=ListKind.REAL_DEED,
                department_id=a.department_id,
                achievement=a,
                reason="群众认可",
                added_by=clerk,
            )  # fmt: skip
            for a in achievements
        ]
    )
    panel = Panel.objects.create(campaign=campaign, state=Panel.PanelState.OPEN)
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, reviewer=r, added_by=leader) for r in panel_users
    )
    scores = [
        Score(entry=entry, reviewer=reviewer, value=rng.randint(55, 100))
        for entry in entries
        for reviewer in panel_users
        if reviewer.department_id != entry.department_id
    ]
    Score.objects.bulk_create(scores, batch_size=5000)
    return campaign, clerk, scores, rng


def time_run(campaign, clerk):
    from selection.models import RankingRun
    from selection.services import ranking_compute

    run = RankingRun.objects.create(campaign=campaign, requested_by=clerk)
    started = time.perf_counter()
    ranking_compute(run_id=run.pk)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    return run, seconds


def main():
    candidates = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    reviewers = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    if POSTGRES:
        create_database(URL)
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        campaign, clerk, scores, rng = build(candidates, reviewers)
        print(
            f"built 53 units, {candidates} candidates, {reviewers} reviewers, "
            f"{len(scores)} scores in {time.perf_counter() - started:.1f} s "
            f"({'PostgreSQL' if POSTGRES else 'SQLite'})"
        )
        run, seconds = time_run(campaign, clerk)
        ranked = sum(len(run.results[k]["ranked"]) for k in run.results)
        print(f"first run:  {seconds * 1000:7.0f} ms  ({ranked} ranked, status {run.status})")
        from selection.models import Score

        changed = rng.sample(scores, 200)
        for score in changed:
            score.value = rng.randint(0, 100)
        Score.objects.bulk_update(changed, ["value"])
        run, seconds = time_run(campaign, clerk)
        moved = sum(len(v) for v in run.changes["lists"].values())
        print(f"second run: {seconds * 1000:7.0f} ms  (with the diff: {moved} candidates moved)")
    finally:
        if POSTGRES:
            drop_database()


if __name__ == "__main__":
    main()
