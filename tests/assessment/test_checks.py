"""八查八看 on the per-unit page: the eight checks of seed 001 (二十一) in its words and order,
and what the system knows of the unit's year for each."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from assessment.checks import COMPLAINT_KINDS, FOCUS_AREAS, LOOKS_AT, Check
from complaints.models import Accountability, Kind
from practice_projects.models import UnitIndicator
from tests.achievements.factories import AchievementFactory, verified
from tests.assessment.factories import ComplaintOfUnit, FollowUpFactory, breach, published_pledge
from tests.assessment.html import parse
from tests.complaints.factories import ComplaintFactory
from tests.pledges.factories import PledgeItemFactory
from tests.practice_projects.factories import approved_project

pytestmark = pytest.mark.django_db

# Seed 001, 《…关于…提高政府公信力和执行力的决定》(二十一), as the county's document has it
# (its punctuation included).
SEED_001_XXI = (
    "要以“八查八看”为重点,即:查大局意识,看服务大局的观念牢不牢、管理就是服务的意识是否增强;"
    "查服务态度,看工作人员中存在的“门难进、脸难看、话难听、事难办”的问题是否克服;"
    "查工作质量,看办事效率是否提高,工作不负责任、推诿扯皮、办事拖拉的问题是否得到解决;"
    "查法纪观念,看政令是否畅通,“吃、拿、卡、要、报”等不廉洁行为是否得到纠正;"
    "查承诺事项,看向社会承诺的服务事项是否全部兑现;"
    "查制度建设,看建立的服务承诺制、岗位承诺制、首办责任制、限时办结制、跟踪服务制、"
    "规范性文件前置审查制等一系列制度是否落实到位;"
    "查审批事项,看已取消的行政审批事项是否落实到位;"
    "查行政性收费项目,看有无乱收费行为,扎实开展活动,务求见到实效。"
)
EIGHT = [
    "大局意识",
    "服务态度",
    "工作质量",
    "法纪观念",
    "承诺事项",
    "制度建设",
    "审批事项",
    "行政性收费项目",
]


def seed_checks():
    """[(check, what it looks at)] as the seed says them, in its order."""
    listed = re.search(r"即:(.*),扎实开展活动", SEED_001_XXI).group(1)
    return [tuple(part[1:].split(",看", 1)) for part in listed.split(";")]


def same_words(text):
    """The seed's text with the page's full-width punctuation."""
    return text.replace(",", "，").replace(";", "；").replace(":", "：")


class TestTheSeedsWords:
    def test_the_eight_checks_in_the_seeds_order_and_words(self):
        assert [name for name, _looks in seed_checks()] == EIGHT
        with translation.override("zh-hans"):
            assert [str(check.label) for check in Check] == EIGHT
            assert [str(LOOKS_AT[check]) for check in Check] == [
                same_words(looks) for _name, looks in seed_checks()
            ]

    def test_the_page_names_them_in_order(self, client, users, campaign, dept_a):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        client.force_login(users["leader"])
        page = parse(client.get(reverse("assessment:unit", args=["A01"])).content)
        rows = page.select('[data-section="checks"] tr[data-check]')
        assert [r.select_one("[data-check-label]").get_text(strip=True) for r in rows] == EIGHT
        assert [r.select_one("[data-looks-at]").get_text(strip=True) for r in rows] == [
            "看" + same_words(looks) for _name, looks in seed_checks()
        ]
        assert [r["data-check"] for r in rows] == list(Check.values)


def facts_of(context, check):
    row = next(r for r in context["checks"] if r["check"] == check)
    return {fact.key: fact for fact in row["facts"]}


def page_context(client, user, code="A01"):
    client.force_login(user)
    response = client.get(reverse("assessment:unit", args=[code]))
    assert response.status_code == 200
    return response.context


@pytest.fixture
def complaints_of_a(campaign, dept_a, users):
    """县甲局's complaints, one or two of each kind, forwarded (but one), with follow-ups and a
    measure."""

    def case(kind, finding="", **kwargs):
        return ComplaintOfUnit(
            campaign=campaign, department=dept_a, kind=kind, finding=finding, **kwargs
        )

    rude = case(Kind.ATTITUDE, "true")
    FollowUpFactory(complaint=rude, satisfaction=1)
    FollowUpFactory(complaint=case(Kind.ATTITUDE), satisfaction=5)
    case(Kind.INEFFICIENCY, "partly_true")
    case(Kind.INACTION, "false")
    case(Kind.RESPONSIBILITY)
    bribe = case(Kind.INTEGRITY, "true")
    case(Kind.ORDERS)
    fees = case(Kind.MISCONDUCT, "true")
    FollowUpFactory(complaint=fees, satisfaction=2)
    measure = Accountability._meta.get_field("measure").flatchoices[0]
    Accountability.objects.create(
        complaint=bribe, measure=measure[0], person="某科员", recorded_by=users["clerk"]
    )
    # Not forwarded yet: the center's only.
    ComplaintFactory(campaign=campaign, department=dept_a, kind=Kind.ATTITUDE, finding="")
    return {"measure": str(measure[1])}


class TestComplaintsByKind:
    def test_each_check_reads_its_kinds(self, client, users, complaints_of_a):
        context = page_context(client, users["leader"])
        expected = {
            Check.ATTITUDE: "3, 1 found true, 0 partly true",
            Check.QUALITY: "3, 0 found true, 1 partly true",
            Check.DISCIPLINE: "2, 1 found true, 0 partly true",
            Check.SYSTEMS: "1, 1 found true, 0 partly true",
            Check.FEES: "1, 1 found true, 0 partly true",
        }
        for check, value in expected.items():
            assert facts_of(context, check)["complaints"].value == value, check
        for check in (Check.BIG_PICTURE, Check.PLEDGES, Check.APPROVALS):
            assert "complaints" not in facts_of(context, check)
        quality = facts_of(context, Check.QUALITY)["complaints"]
        assert [item.text.split("：")[1] for item in quality.items] == ["1", "1", "1"]

    def test_the_mapping_covers_every_kind(self):
        assert {kind for kinds in COMPLAINT_KINDS.values() for kind in kinds} == set(Kind)

    def test_follow_ups_and_measures_by_kind(self, client, users, complaints_of_a):
        context = page_context(client, users["clerk"])
        attitude = facts_of(context, Check.ATTITUDE)
        assert attitude["follow_ups"].value == (
            "2, satisfaction 3.00 of 5 on average, 1 dissatisfied"
        )
        assert attitude["follow_ups"].alert
        assert attitude["measures"].value == "none"
        fees = facts_of(context, Check.FEES)
        assert fees["follow_ups"].value.startswith("1, satisfaction 2.00")
        discipline = facts_of(context, Check.DISCIPLINE)
        assert discipline["follow_ups"].value == "none yet"
        assert discipline["measures"].value == f"{complaints_of_a['measure']} 1"
        # The whole unit's satisfaction is the same three follow-ups.
        assert context["complaints"]["satisfaction"] == pytest.approx((1 + 5 + 2) / 3)

    def test_a_unit_reads_its_forwarded_complaints_only(self, client, users, complaints_of_a):
        context = page_context(client, users["staff_a"])
        assert facts_of(context, Check.ATTITUDE)["complaints"].value.startswith("2,")

    def test_the_quality_check_counts_the_units_timeliness(self, client, users, campaign, dept_a):
        from django.utils import timezone

        ComplaintOfUnit(
            campaign=campaign, department=dept_a, kind=Kind.ATTITUDE, status="closed",
            concluded_at=timezone.now(), was_late=True,
        )  # fmt: skip
        timeliness = facts_of(page_context(client, users["leader"]), Check.QUALITY)["timeliness"]
        assert timeliness.value == "0 of 1; 1 handled late" and timeliness.alert


class TestPledgesAndAchievementsByFocusArea:
    @pytest.fixture
    def year(self, campaign, dept_a, users):
        pledge = published_pledge(campaign, dept_a)
        for area, text in (
            ("approval", "审批时限压缩一半"),
            ("approval", "并联审批"),
            ("fees", "亮证收费"),
            ("service", "首问负责"),
            ("rules", "限时办结"),
            ("enforcement", "涉企检查报备"),
        ):
            PledgeItemFactory(pledge=pledge, focus_area=area, text=text)
        common = {"campaign": campaign, "department": dept_a, "created_by": users["staff_a"]}
        verified(focus_area="approval", workdays_saved=5, cases_handled=10, title="甲", **common)
        verified(focus_area="approval", workdays_saved=3, cases_handled=4, title="乙", **common)
        AchievementFactory(focus_area="approval", workdays_saved=100, **common)  # not verified
        verified(focus_area="fees", money_saved=Decimal("1.50"), title="减免", **common)
        verified(focus_area="fees", money_saved=Decimal("2.25"), title="降费", **common)
        verified(focus_area="service", title="延时服务", **common)
        return pledge

    def test_each_focus_area_tells_its_check(self, client, users, year):
        context = page_context(client, users["staff_a"])
        approvals = facts_of(context, Check.APPROVALS)
        assert [i.text for i in approvals["pledge_items"].items][-2:] == [
            f"{item.position}. {item.text}"
            for item in year.items.filter(focus_area="approval").order_by("position")
        ]
        assert approvals["achievements"].value == (
            "2 verified, 8 working days saved, 14 cases handled"
        )
        assert approvals["achievements"].items[0].text == "Q1 甲: 5 working days saved"
        fees = facts_of(context, Check.FEES)
        assert fees["pledge_items"].value == "1"
        assert fees["achievements"].value == "2 verified, 3.75 ten thousand yuan saved"
        assert fees["achievements"].items[0].text == "Q1 减免: 1.5 ten thousand yuan saved"
        assert facts_of(context, Check.ATTITUDE)["achievements"].value == "1 verified"
        rules = facts_of(context, Check.SYSTEMS)["pledge_items"].items
        assert [item.text.split(". ")[1] for item in rules] == ["限时办结"]
        assert facts_of(context, Check.DISCIPLINE)["pledge_items"].value == "1"
        assert "pledge_items" not in facts_of(context, Check.QUALITY)

    def test_the_mapping_covers_every_focus_area(self):
        from efficiency_center.vocabulary import FocusArea

        assert set(FOCUS_AREAS.values()) == set(FocusArea)

    def test_the_approval_check_says_whether_the_unit_approves(
        self, client, users, campaign, dept_a
    ):
        facts = facts_of(page_context(client, users["clerk"]), Check.APPROVALS)
        assert facts["approval_duty"].value == ("yes" if dept_a.approval_duty else "no")

    def test_only_a_few_records_are_named(self, client, users, campaign, dept_a):
        for n in range(7):
            verified(campaign=campaign, department=dept_a, focus_area="approval", title=f"实绩{n}")
        fact = facts_of(page_context(client, users["clerk"]), Check.APPROVALS)["achievements"]
        assert len(fact.items) == 5 and fact.more == 2


class TestPledgedMatters:
    def test_the_pledge_its_fulfilment_and_breaches(self, client, users, campaign, dept_a):
        broken = breach(campaign, dept_a, recorded_by=users["clerk"])
        breach(campaign, dept_a, recorded_by=users["clerk"], decision="pending", quarter=2)
        facts = facts_of(page_context(client, users["leader"]), Check.PLEDGES)
        assert facts["pledge"].value == "revision 1, 2 items"
        assert facts["fulfilment"].value == "0 of 4 quarters"
        assert facts["fulfilment"].items[0].text == "Q1 (due 2026-03-20): not filed"
        assert facts["broken"].value == "1 confirmed, 1 awaiting a leader"
        assert facts["broken"].items[0].url == broken.get_absolute_url()
        # The unit does not see a breach awaiting a leader.
        facts = facts_of(page_context(client, users["staff_a"]), Check.PLEDGES)
        assert facts["broken"].value == "1 confirmed" and len(facts["broken"].items) == 1

    def test_no_pledge_is_a_gap(self, client, users, campaign, dept_a):
        facts = facts_of(page_context(client, users["leader"]), Check.PLEDGES)
        assert facts["pledge"].value == "none this year" and facts["pledge"].alert


class TestSenseOfTheOverallSituation:
    def test_projects_under_the_units_city_indicator(self, client, users, campaign, dept_a):
        indicator = UnitIndicator.objects.create(
            campaign=campaign, department=dept_a, text="市对县考核：固定资产投资增幅"
        )
        facts = facts_of(page_context(client, users["leader"]), Check.BIG_PICTURE)
        assert facts["indicator"].value == indicator.text and facts["indicator"].alert
        assert facts["projects"].alert
        approved_project(campaign, users, indicator=indicator)
        approved_project(campaign, users, name="营商环境提升")
        facts = facts_of(page_context(client, users["leader"]), Check.BIG_PICTURE)
        assert facts["indicator"].items[0].text == "Projects tied to it: 1"
        assert not facts["indicator"].alert
        assert facts["projects"].value == "2, 0 rated excellent"
        texts = [item.text for item in facts["projects"].items]
        assert texts[0].startswith(
            "审批提速工程 · indicator: 市对县考核：固定资产投资增幅 · milestones"
        )
        assert texts[1].startswith(f"营商环境提升 · theme: {campaign.themes[0]}")
        assert facts["themes"].value == "、".join(campaign.themes)

    def test_no_indicator_no_indicator_fact(self, client, users, campaign, dept_a):
        assert "indicator" not in facts_of(page_context(client, users["clerk"]), Check.BIG_PICTURE)
