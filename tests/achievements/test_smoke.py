import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render(client, campaign, users, achievement):
    for name in ["achievements:public_list", "achievements:competition_index"]:
        assert client.get(reverse(name)).status_code in (200, 302)
    client.force_login(users["clerk"])
    for name in ["achievements:review_queue", "achievements:desk", "achievements:import"]:
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("achievements:detail", args=[achievement.pk])).status_code == 200
    client.force_login(users["staff_a"])
    assert client.get(reverse("achievements:mine")).status_code == 200
    assert client.get(reverse("achievements:create")).status_code == 200
    assert client.get(reverse("achievements:edit", args=[achievement.pk])).status_code == 200
