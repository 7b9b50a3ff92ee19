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
