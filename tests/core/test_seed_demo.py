import pytest
from django.core.management import CommandError, call_command

from efficiency_center.models import Campaign, Department, User


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_county_and_is_rerunnable(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Department.objects.filter(kind="key").count() == 53
    kinds = set(Department.objects.exclude(kind="key").values_list("kind", flat=True))
    assert kinds == {"station", "enforcement", "enterprise_section", "window"}
    assert Department.objects.get(short_name="县药监局").sub_units.filter(name="县药监局稽查大队")
    campaign = Campaign.objects.running()
    assert "优服务、助发展" in campaign.name and campaign.plan_deadline.month == 3
    assert campaign.q4_deadline.day == 20
    for role in ("admin", "clerk", "leader"):
        assert User.objects.filter(role=role).exists()
    heads = User.objects.filter(role="head", department__kind="key").values("department").distinct()
    assert heads.count() >= 3
    assert User.objects.get(username="clerk").check_password("demo-pass-2014")
    # The last app's demo ran too: the clerk's findings of the eight checks, draft and final.
    from assessment.models import CheckFinding

    assert {f.state for f in CheckFinding.objects.filter(campaign=campaign)} == {"draft", "final"}
    out = capsys.readouterr().out
    assert "demo-pass-2014" in out and "fgw_head" in out


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
