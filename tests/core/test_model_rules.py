import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory


@pytest.mark.django_db
class TestWhoBelongsToADepartment:
    def test_an_invited_reviewer_keeps_their_unit(self, dept_a):
        UserFactory.build(role="reviewer", department=dept_a).clean()

    @pytest.mark.parametrize("role", ["clerk", "leader", "admin"])
    def test_center_users_belong_to_none(self, dept_a, role):
        with pytest.raises(ValidationError):
            UserFactory.build(role=role, department=dept_a).clean()


@pytest.mark.django_db
class TestComplaintReminderSetting:
    @pytest.mark.parametrize("value", [[3, 1], [5], []])
    def test_whole_working_days_are_accepted(self, campaign, value):
        campaign.complaint_reminder_workdays = value
        campaign.clean()

    @pytest.mark.parametrize("value", [["3"], [0], [31], 3, [1.5]])
    def test_anything_else_is_refused(self, campaign, value):
        campaign.complaint_reminder_workdays = value
        with pytest.raises(ValidationError) as refused:
            campaign.clean()
        assert "complaint_reminder_workdays" in refused.value.message_dict


def test_quarters_one_meaning_one_name(campaign):
    import datetime

    from efficiency_center.vocabulary import calendar_quarter, quarter_bounds

    assert [calendar_quarter(datetime.date(2026, m, 1)) for m in (1, 3, 4, 9, 12)] == [
        1,
        1,
        2,
        3,
        4,
    ]
    assert quarter_bounds(2026, 2) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    # The quarter being reported: the first whose deadline is that day or later.
    reporting = campaign.reporting_quarter
    assert reporting(datetime.date(2026, 3, 20)) == 1 and reporting(datetime.date(2026, 3, 21)) == 2
    assert reporting(datetime.date(2026, 12, 24)) == 4
