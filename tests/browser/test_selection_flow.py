"""The year-end selection in real Chromium: the leader names the panel, the clerk shortlists and
opens it, three reviewers score (one is warned before leaving unsaved scores), the clerk closes
the panel and watches the ranking job finish, the leader approves, the public sees both lists
and the unit's ledger shows its bonus."""

import threading

import pytest
from django.db import connection

from selection import tasks
from selection.models import Award, RankingRun, ShortlistEntry
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory
from tests.selection.factories import excellent_project, verified_achievement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
SCORES = {  # reviewer -> [best measures in list order, real deeds in list order]
    "rev1": ["92", "85", "80", "88"],
    "rev2": ["90", "86", "78", "90"],
    "rev3": ["95", "80", "83", "85"],
}


@pytest.fixture
def county(db):
    campaign = CampaignFactory()
    fgw = DepartmentFactory(code="D01", name="县发展和改革委员会", short_name="县发改委")
    czj = DepartmentFactory(code="D03", name="县财政局", short_name="县财政局")
    UserFactory(username="fgw_staff", role="staff", department=fgw)
    CenterUserFactory(username="clerk", role="clerk")
    CenterUserFactory(username="leader", role="leader")
    for n in (1, 2, 3):
        CenterUserFactory(username=f"rev{n}", role="reviewer", full_name=f"评委{n}")
    return {
        "campaign": campaign,
        "fgw": fgw,
        "projects": [
            excellent_project(campaign, fgw, name="项目审批“一站式”代办"),
            excellent_project(campaign, czj, name="财政资金直达快办"),
        ],
        "achievements": [
            verified_achievement(campaign, fgw, title="重点项目帮办代办"),
            verified_achievement(campaign, czj, title="惠企资金免申即享"),
        ],
    }


@pytest.fixture
def slow_job(monkeypatch):
    """The ranking job in a worker thread a moment after it is queued, as a Celery worker would
    run it, so that the page shows it in progress before it finishes."""
    threads = []

    def delay(run_id):
        def work():
            try:
                tasks.compute_ranking(run_id)
            finally:
                connection.close()

        thread = threading.Timer(1.5, work)
        thread.start()
        threads.append(thread)

    monkeypatch.setattr(tasks.compute_ranking, "delay", delay)
    yield
    for thread in threads:
        thread.join(10)


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")


def test_shortlist_score_rank_approve_publish(page, live_server, county, slow_job, screenshot):
    base = live_server.url
    year = county["campaign"].year

    # The leader names three reviewers.
    log_in(page, live_server, "leader")
    page.goto(f"{base}/selection/center/panel/")
    for n in (1, 2, 3):
        page.get_by_label(f"评委{n}").check()
    page.click('[data-action="save-panel"]')
    page.wait_for_selector('[data-section="panel"]')
    assert page.locator("[data-member]").count() == 3

    # The clerk shortlists two candidates on each list, each with a reason, and opens the panel.
    log_in(page, live_server, "clerk")
    page.goto(f"{base}/selection/center/")
    for kind, candidates in (("best_measure", "projects"), ("real_deed", "achievements")):
        page.click(f'[data-link="shortlist-{kind}"]')
        for candidate in county[candidates]:
            row = page.locator(f'[data-candidate="{candidate.pk}"]')
            row.locator("textarea[name=reason]").fill("群众满意度高，做法可复制推广。")
            row.locator('[data-action="add"]').click()
            page.wait_for_selector(f'[data-candidate="{candidate.pk}"] [data-on-list]')
        assert page.locator("[data-entry]").count() == 2
        screenshot(page, f"selection-shortlist-{kind}")
        page.goto(f"{base}/selection/center/")
    screenshot(page, "selection-desk-shortlisted")
    page.click('[data-panel-actions] [data-action="open"]')
    page.wait_for_selector('[data-panel-state="open"]')
    entries = {e.candidate_key: e for e in ShortlistEntry.objects.all()}
    assert len(entries) == 4

    # Three reviewers score every candidate.
    for number, (reviewer, values) in enumerate(SCORES.items()):
        log_in(page, live_server, reviewer)
        page.goto(f"{base}/selection/scores/")
        inputs = page.locator("[data-score-input]")
        assert inputs.count() == 4
        for index, value in enumerate(values):
            inputs.nth(index).click()
            inputs.nth(index).fill(value)
        badge = page.locator('[data-score-section="best_measure"] [data-scored-count]')
        assert badge.get_attribute("data-done") == "2"
        if number == 0:
            # Leaving with unsaved scores asks first.
            dialogs = []

            def answer(dialog, seen=dialogs):
                seen.append(dialog.type)
                dialog.dismiss()

            page.once("dialog", answer)
            page.click('a[data-nav-item="dashboard"]', no_wait_after=True)
            page.wait_for_timeout(500)
            assert dialogs == ["beforeunload"]
            assert page.url.endswith("/selection/scores/")
            screenshot(page, "selection-scoring")
        page.click('[data-action="save-scores"]')
        page.wait_for_selector(".alert-success")
        assert (
            page.locator('[data-score-section="real_deed"] [data-scored-count]').get_attribute(
                "data-done"
            )
            == "2"
        )

    # The clerk closes the panel, starts the ranking and watches it finish.
    log_in(page, live_server, "clerk")
    page.goto(f"{base}/selection/center/")
    page.click('[data-panel-actions] [data-action="close"]')
    page.wait_for_selector('[data-panel-state="closed"]')
    page.click('[data-action="run-start"]')
    page.wait_for_selector("[data-run-progress-url]")
    screenshot(page, "selection-run-in-progress")
    page.wait_for_selector('[data-results="best_measure"]', timeout=20000)
    run = RankingRun.objects.get()
    assert run.status == RankingRun.Status.DONE and run.is_final
    first = page.locator('[data-results="best_measure"] tr[data-rank="1"]')
    # (92 + 90 + 95) / 3 = 92.33 for the 发改委 project.
    assert "项目审批" in first.inner_text() and "92.33" in first.inner_text()
    screenshot(page, "selection-run-finished")

    # The leader approves.
    log_in(page, live_server, "leader")
    page.goto(f"{base}/selection/center/runs/{run.pk}/")
    page.click('[data-action="approve"]')
    page.wait_for_selector('[data-decision="approved"]')
    assert Award.objects.count() == 4
    award_points = page.locator("[data-award] [data-points-granted]")
    assert award_points.count() == 4
    screenshot(page, "selection-approved")

    # The unit's ledger shows its bonus: +3 and +2, within the cap of 5.
    page.click('[data-link="ledger"]')
    unit = page.locator(f'[data-unit="{county["fgw"].code}"]')
    assert unit.locator("[data-ledger-entry]").count() == 2
    assert unit.locator("[data-bonus-total]").get_attribute("data-bonus-total") == "+5"
    screenshot(page, "selection-ledger")

    # The public sees both lists.
    page.context.clear_cookies()
    page.goto(f"{base}/selection/")
    page.click(f'[data-year="{year}"] [data-link="best_measure"]')
    page.wait_for_selector("[data-award]")
    assert page.locator("[data-award]").count() == 2
    top = page.locator('[data-award][data-rank="1"]')
    assert "项目审批“一站式”代办" in top.inner_text() and "县发展和改革委员会" in top.inner_text()
    assert top.locator("[data-points-asked]").get_attribute("data-points-asked") == "+3"
    screenshot(page, "selection-public-best-measures")
    top.locator('[data-link="public-detail"]').click()
    page.wait_for_url(f"{base}/projects/{county['projects'][0].pk}/")
    page.goto(f"{base}/selection/{year}/real_deed/")
    assert page.locator("[data-award]").count() == 2
    # (88 + 90 + 85) / 3 = 87.67 for 财政局's deed, ahead of 发改委's 80.33.
    assert "惠企资金免申即享" in page.locator('[data-award][data-rank="1"]').inner_text()
