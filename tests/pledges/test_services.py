"""The pledge's life through the services: reference text, editing rules, review, correction."""

import datetime

import pytest

from efficiency_center.errors import DomainError, Invalid, StaleVersionError
from efficiency_center.models import Notification
from efficiency_center.review import State, document_step
from efficiency_center.workflow import history
from pledges import reference, services
from pledges.models import MAX_ITEMS, Pledge, PledgeItem
from pledges.services import ItemData
from tests.factories import DepartmentFactory, UserFactory
from tests.pledges.factories import act, publish, refreshed, submit_and_publish

pytestmark = pytest.mark.django_db


def items_of(pledge):
    return list(pledge.items.values_list("position", "text", "focus_area"))


def as_data(pledge):
    return [ItemData(id=i.pk, text=i.text, focus_area=i.focus_area) for i in pledge.items.all()]


def save(pledge, user, items, version=None):
    return services.pledge_save(
        pledge=pledge,
        user=user,
        expected_version=pledge.version if version is None else version,
        items=items,
    )


class TestStartFromReference:
    def test_six_reference_items_with_the_units_name(self, draft_a, dept_a):
        assert draft_a.state == State.DRAFT and draft_a.revision == 1
        rows = items_of(draft_a)
        assert [p for p, _t, _f in rows] == [1, 2, 3, 4, 5, 6]
        assert rows[0][1].startswith("以党的群众路线教育实践活动为抓手")
        assert rows[3][1] == reference.ITEM_4_APPROVAL.text and rows[3][2] == "approval"
        assert [f for _p, _t, f in rows] == [
            "service",
            "rules",
            "service",
            "approval",
            "enforcement",
            "fees",
        ]
        assert draft_a.opening == "县甲局向县委、县政府和全县人民郑重承诺："
        assert draft_a.closing == "以上承诺欢迎社会各界人士监督！"

    def test_non_approval_department_gets_the_service_wording(self, campaign):
        unit = DepartmentFactory(code="N01", name="县统计局", approval_duty=False)
        staff = UserFactory(role="staff", department=unit)
        pledge = services.pledge_start(user=staff, campaign=campaign)
        fourth = pledge.items.get(position=4)
        assert fourth.text == reference.ITEM_4_SERVICE.text and fourth.focus_area == "service"
        assert "创新服务方式" in fourth.text and "容缺" not in fourth.text

    def test_creation_is_recorded(self, draft_a, users):
        step = history(draft_a).get()
        assert (step.action, step.from_state, step.to_state) == ("create", "", "draft")
        assert step.actor == users["staff_a"]

    def test_one_pledge_per_unit_and_campaign(self, draft_a, users, campaign):
        with pytest.raises(DomainError):
            services.pledge_start(user=users["head_a"], campaign=campaign)
        assert Pledge.objects.count() == 1

    @pytest.mark.parametrize("username", ["clerk", "leader", "reviewer"])
    def test_only_unit_users_start(self, users, campaign, username):
        with pytest.raises(DomainError):
            services.pledge_start(user=users[username], campaign=campaign)
        assert not Pledge.objects.exists()


class TestEditingRules:
    def test_edit_add_remove_reorder(self, draft_a, users):
        data = as_data(draft_a)
        data = [data[1], data[0], *data[3:]]  # item 3 removed, 1 and 2 swapped
        data[0] = ItemData(
            id=data[0].id, text="  个性化：项目代办全程免费。 ", focus_area="service"
        )
        data.append(ItemData(text="新增：窗口延时服务至18点。", focus_area="service"))
        save(draft_a, users["staff_a"], data)
        rows = items_of(refreshed(draft_a))
        assert [p for p, _t, _f in rows] == list(range(1, 7))
        assert rows[0][1] == "个性化：项目代办全程免费。"  # trimmed
        assert rows[1][1].startswith("以党的群众路线")
        assert rows[-1][1] == "新增：窗口延时服务至18点。"
        assert draft_a.version == 2

    @pytest.mark.parametrize(
        "items,code",
        [
            ([], "no_items"),
            ([ItemData(text="   ", focus_area="service")], "empty_item"),
            ([ItemData(text="办" * 501, focus_area="service")], "item_too_long"),
            ([ItemData(text="办", focus_area="service")] * (MAX_ITEMS + 1), "too_many_items"),
            ([ItemData(text="办", focus_area="nonsense")], "bad_focus_area"),
        ],
    )
    def test_bad_items_change_nothing(self, draft_a, users, items, code):
        before = items_of(draft_a)
        with pytest.raises(Invalid) as refused:
            save(draft_a, users["staff_a"], items)
        assert refused.value.code == code
        assert items_of(refreshed(draft_a)) == before and draft_a.version == 1

    def test_exactly_thirty_items_of_500_characters_are_fine(self, draft_a, users):
        save(draft_a, users["staff_a"], [ItemData(text="办" * 500, focus_area="rules")] * 30)
        assert draft_a.items.count() == 30

    def test_an_item_of_another_pledge_is_refused(self, draft_a, published_b, users):
        foreign = published_b.items.first()
        items = [ItemData(id=foreign.pk, text="偷梁换柱", focus_area="service")]
        with pytest.raises(Invalid):
            save(draft_a, users["staff_a"], items)
        assert refreshed(foreign).text != "偷梁换柱"
        assert draft_a.items.count() == 6

    def test_second_of_two_editors_is_refused_and_the_first_kept(self, draft_a, users):
        first = Pledge.objects.get(pk=draft_a.pk)
        second = Pledge.objects.get(pk=draft_a.pk)
        save(first, users["staff_a"], [ItemData(text="甲的版本", focus_area="service")])
        with pytest.raises(StaleVersionError):
            save(second, users["head_a"], [ItemData(text="乙的版本", focus_area="service")], 1)
        assert items_of(refreshed(draft_a)) == [(1, "甲的版本", "service")]

    @pytest.mark.parametrize("username", ["head_sub", "staff_b", "clerk"])
    def test_others_cannot_edit(self, draft_a, users, username):
        with pytest.raises(DomainError):
            save(draft_a, users[username], [ItemData(text="改", focus_area="service")])
        assert draft_a.items.count() == 6

    def test_head_of_supervising_department_cannot_edit_a_sub_units_pledge(self, draft_sub, users):
        with pytest.raises(DomainError):
            save(draft_sub, users["head_a"], [ItemData(text="改", focus_area="service")])

    def test_submitted_and_published_pledges_cannot_be_edited(self, submitted_a, users):
        with pytest.raises(DomainError):
            save(submitted_a, users["staff_a"], as_data(submitted_a))
        published = publish(submitted_a, users["clerk"])
        with pytest.raises(DomainError):
            save(published, users["staff_a"], as_data(published))


class TestReview:
    def test_return_resubmit_publish_every_round_kept(self, draft_a, users):
        act(draft_a, users["head_a"], "submit")
        act(draft_a, users["clerk"], "return", "第4条请写明具体时限")
        save(refreshed(draft_a), users["staff_a"], as_data(draft_a))
        act(draft_a, users["head_a"], "submit")
        pledge = publish(draft_a, users["clerk"], channel="tv_studio")
        assert pledge.state == State.PUBLISHED and pledge.is_public
        assert pledge.channel == "tv_studio" and pledge.publication_date == datetime.date(
            2026, 3, 21
        )
        steps = list(history(pledge).values_list("action", "from_state", "to_state", "comment"))
        assert steps == [
            ("create", "", "draft", ""),
            ("submit", "draft", "submitted", ""),
            ("return", "submitted", "returned", "第4条请写明具体时限"),
            ("submit", "returned", "submitted", ""),
            ("approve", "submitted", "approved", ""),
            ("publish", "approved", "published", ""),
        ]

    def test_sub_unit_goes_through_its_supervisor(self, draft_sub, users):
        act(draft_sub, users["head_sub"], "submit")
        assert refreshed(draft_sub).state == State.SIGNED
        with pytest.raises(DomainError):
            publish(draft_sub, users["clerk"])
        act(draft_sub, users["head_a"], "endorse")
        assert publish(draft_sub, users["clerk"], channel="pledge_letter").is_public

    def test_approval_needs_a_channel_and_a_date(self, submitted_a, users):
        for channel, day in [("", datetime.date(2026, 3, 21)), ("tv_studio", None)]:
            with pytest.raises(Invalid):
                services.pledge_publish(
                    pledge=submitted_a,
                    user=users["clerk"],
                    expected_version=submitted_a.version,
                    channel=channel,
                    publication_date=day,
                )
        assert refreshed(submitted_a).state == State.SUBMITTED

    @pytest.mark.parametrize("action", ["approve", "publish", "delete"])
    def test_act_takes_no_shortcuts(self, submitted_a, users, action):
        with pytest.raises(DomainError):
            document_step(
                document=submitted_a,
                user=users["clerk"],
                action=action,
                expected_version=submitted_a.version,
            )

    def test_only_the_clerk_publishes(self, submitted_a, users):
        for username in ("leader", "head_a", "staff_a"):
            with pytest.raises(DomainError):
                publish(submitted_a, users[username])
        assert refreshed(submitted_a).state == State.SUBMITTED

    def test_whoever_acts_next_is_notified(self, draft_a, draft_sub, users):
        act(draft_a, users["head_a"], "submit")
        assert Notification.objects.filter(recipient=users["clerk"]).count() == 1
        act(draft_a, users["clerk"], "return", "请修改")
        assert Notification.objects.filter(recipient=users["staff_a"]).count() == 1
        act(draft_sub, users["head_sub"], "submit")
        to_supervisor = Notification.objects.filter(recipient=users["head_a"])
        assert to_supervisor.filter(url=draft_sub.get_absolute_url()).count() == 1
        assert not Notification.objects.filter(recipient=users["head_sub"]).exists()


class TestCorrection:
    def test_a_correction_is_a_new_revision_through_review(self, published_a, users):
        correction = services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
        assert (correction.revision, correction.state) == (2, State.DRAFT)
        assert correction.supersedes == published_a
        assert items_of(correction) == items_of(published_a)
        assert "1" in history(correction).get().comment
        items = as_data(correction)[:5]
        save(correction, users["staff_a"], items)
        # The published revision is untouched until the correction is itself published.
        assert published_a.items.count() == 6 and refreshed(published_a).is_public
        submit_and_publish(correction, users)
        assert refreshed(correction).state == State.PUBLISHED
        assert refreshed(published_a).state == State.PUBLISHED  # kept as history

    def test_one_correction_at_a_time_and_only_of_the_latest(self, published_a, users):
        services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
        with pytest.raises(DomainError):
            services.pledge_start_correction(pledge=published_a, user=users["head_a"])
        assert Pledge.objects.filter(department=published_a.department).count() == 2

    def test_a_draft_is_edited_not_corrected(self, draft_a, users):
        with pytest.raises(DomainError):
            services.pledge_start_correction(pledge=draft_a, user=users["staff_a"])

    @pytest.mark.parametrize("username", ["staff_b", "head_sub", "clerk"])
    def test_only_the_unit_corrects(self, published_a, users, username):
        with pytest.raises(DomainError):
            services.pledge_start_correction(pledge=published_a, user=users[username])
        assert not PledgeItem.objects.filter(pledge__revision=2).exists()
