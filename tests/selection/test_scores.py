"""The reviewer's page: every candidate with its evidence, whole scores 0–100, own unit
excluded, others' scores hidden until the panel closes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.uploads import attach
from selection import services
from selection.models import Panel, Score
from tests.factories import DepartmentFactory
from tests.selection.factories import (
    ReviewerFactory,
    excellent_project,
    give_scores,
    panel_of,
    shortlist,
    verified_achievement,
)

pytestmark = pytest.mark.django_db
URL = reverse("selection:my_scores")


def post_data(entries, values, comments=None):
    data = {f"score_{e.pk}": v for e, v in zip(entries, values, strict=True)}
    for entry, comment in (comments or {}).items():
        data[f"comment_{entry.pk}"] = comment
    return data


@pytest.fixture
def entries(lists):
    return [lists["measure_a"], lists["measure_b"], lists["deed_a"], lists["deed_b"]]


class TestService:
    def test_scores_are_saved_and_taken_back(self, campaign, users, open_panel, entries):
        reviewer = users["reviewer"]
        saved, removed = services.scores_save(
            campaign=campaign,
            reviewer=reviewer,
            scores={entries[0].pk: (88, "亮点突出"), entries[1].pk: (0, "")},
        )
        assert (saved, removed) == (2, 0)
        assert Score.objects.get(entry=entries[0], reviewer=reviewer).comment == "亮点突出"
        services.scores_save(
            campaign=campaign, reviewer=reviewer, scores={entries[0].pk: (None, "")}
        )
        assert not Score.objects.filter(entry=entries[0]).exists()

    @pytest.mark.parametrize("value", [-1, 101, 85.5, "85", True])
    def test_not_a_whole_score_from_0_to_100(self, campaign, users, open_panel, entries, value):
        with pytest.raises(Invalid) as refused:
            services.scores_save(
                campaign=campaign,
                reviewer=users["reviewer"],
                scores={entries[0].pk: (90, ""), entries[1].pk: (value, "")},
            )
        assert f"score_{entries[1].pk}" in refused.value.errors
        assert not Score.objects.exists()  # all or nothing

    def test_own_unit_is_refused(self, campaign, users, lists, dept_a):
        own = ReviewerFactory(username="jdy", department=dept_a)
        panel_of(campaign, [own], by=users["leader"])
        with pytest.raises(Invalid) as refused:
            services.scores_save(
                campaign=campaign,
                reviewer=own,
                scores={lists["measure_b"].pk: (90, ""), lists["deed_a"].pk: (70, "")},
            )
        assert refused.value.code == "own_unit" and "甲局上门服务" in refused.value.messages[0]
        assert not Score.objects.exists()

    def test_nor_the_sub_units_it_supervises(self, campaign, users, dept_a, sub_of_a):
        own = ReviewerFactory(username="jdy", department=dept_a)
        entry = shortlist(verified_achievement(campaign, sub_of_a), by=users["clerk"])
        panel_of(campaign, [own], by=users["leader"])
        with pytest.raises(Invalid):
            services.scores_save(campaign=campaign, reviewer=own, scores={entry.pk: (90, "")})

    @pytest.mark.parametrize("state", [Panel.PanelState.PREPARING, Panel.PanelState.CLOSED])
    def test_only_while_the_panel_is_open(self, campaign, users, lists, state):
        panel_of(campaign, [users["reviewer"]], by=users["leader"], state=state)
        with pytest.raises(DomainError):
            services.scores_save(
                campaign=campaign,
                reviewer=users["reviewer"],
                scores={lists["measure_a"].pk: (90, "")},
            )

    def test_only_panel_members(self, campaign, users, open_panel, entries):
        stranger = ReviewerFactory(username="stranger")
        with pytest.raises(DomainError):
            services.scores_save(
                campaign=campaign, reviewer=stranger, scores={entries[0].pk: (90, "")}
            )

    def test_a_save_moves_the_inputs_revision_on(self, campaign, users, open_panel, entries):
        before = Panel.objects.get().inputs_revision
        services.scores_save(
            campaign=campaign, reviewer=users["reviewer"], scores={entries[0].pk: (90, "")}
        )
        assert Panel.objects.get().inputs_revision == before + 1
        services.scores_save(  # the same again changes nothing
            campaign=campaign, reviewer=users["reviewer"], scores={entries[0].pk: (90, "")}
        )
        assert Panel.objects.get().inputs_revision == before + 1


class TestPage:
    def test_the_page_shows_every_candidate_with_its_evidence(
        self, client, campaign, users, open_panel, entries, media
    ):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
        deed = entries[2].achievement
        attach(deed, SimpleUploadedFile("现场照片.png", buffer.getvalue()), user=users["clerk"])
        client.force_login(users["reviewer"])
        page = client.get(URL)
        html = page.content.decode()
        assert page.status_code == 200
        for entry in entries:
            assert f'data-candidate="{entry.pk}"' in html and entry.public_url in html
        assert "现场照片.png" in html  # the evidence file's name
        # Verified but not on public display: the panel may still download it.
        assert "/files/" in html
        assert 'data-figure="cases_handled"' in html  # the achievement's figures
        assert "办结时限" in html  # the project's target
        assert 'data-done="0" data-total="2"' in html
        assert 'src="/static/selection/scores.js"' in html

    def test_saving_from_the_page(self, client, campaign, users, open_panel, entries):
        client.force_login(users["reviewer"])
        response = client.post(URL, post_data(entries, [90, 80, "", 75], {entries[0]: "很有创新"}))
        assert response.status_code == 302
        assert Score.objects.filter(reviewer=users["reviewer"]).count() == 3
        page = client.get(URL)
        assert 'data-done="2" data-total="2"' in page.content.decode()  # best measures
        assert 'data-done="1" data-total="2"' in page.content.decode()  # real deeds
        assert 'value="90"' in page.content.decode() and "很有创新" in page.content.decode()

    @pytest.mark.parametrize("bad", ["101", "-5", "85.5", "八十"])
    def test_a_bad_score_is_shown_beside_its_field(self, client, users, open_panel, entries, bad):
        client.force_login(users["reviewer"])
        response = client.post(URL, post_data(entries, ["90", bad, "70", "60"]))
        assert response.status_code == 400
        assert response.context["form"].errors[f"score_{entries[1].pk}"]
        html = response.content.decode()
        assert "data-errors" in html and 'data-error="score"' in html
        assert f'value="{bad}"' in html  # what was typed is kept
        assert 'data-dirty="1"' in html  # and the page still warns before leaving
        assert not Score.objects.exists()

    def test_own_unit_candidates_have_no_field_and_a_crafted_score_is_refused(
        self, client, campaign, users, lists, dept_a
    ):
        own = ReviewerFactory(username="jdy", department=dept_a)
        panel_of(campaign, [own], by=users["leader"])
        client.force_login(own)
        page = client.get(URL)
        html = page.content.decode()
        assert f'name="score_{lists["measure_a"].pk}"' not in html
        assert f'name="score_{lists["measure_b"].pk}"' in html
        assert 'data-done="0" data-total="1"' in html  # own unit not expected of them
        response = client.post(
            URL, {f"score_{lists['measure_a'].pk}": "99", f"score_{lists['measure_b'].pk}": "80"}
        )
        assert response.status_code == 400
        assert response.context["form"].errors[f"score_{lists['measure_a'].pk}"]
        assert not Score.objects.exists()

    def test_others_scores_are_hidden_until_the_panel_closes(
        self, client, campaign, users, open_panel, entries
    ):
        other = open_panel.reviewers.exclude(pk=users["reviewer"].pk).get()
        Score.objects.create(entry=entries[0], reviewer=other, value=37, comment="另一位的意见")
        client.force_login(users["reviewer"])
        html = client.get(URL).content.decode()
        assert "另一位的意见" not in html and "data-other-scores" not in html
        open_panel.state = Panel.PanelState.CLOSED
        open_panel.save()
        html = client.get(URL).content.decode()
        assert "另一位的意见" in html and "<strong>37</strong>" in html
        assert 'name="score_' not in html  # read-only once closed

    def test_not_on_the_panel(self, client, campaign, users, lists):
        client.force_login(users["reviewer"])
        page = client.get(URL)
        assert page.status_code == 200 and "data-not-member" in page.content.decode()
        response = client.post(URL, {}, HTTP_REFERER=URL)
        assert response.status_code == 303 and response.url == URL
        with translation.override("zh-hans"):
            expected = gettext("You are not on the %(year)s panel.") % {"year": campaign.year}
        assert expected in client.get(URL).content.decode()

    @pytest.mark.parametrize("n", [2, 20])
    def test_bounded_queries(self, client, campaign, users, n, django_assert_num_queries):
        clerk = users["clerk"]
        for _ in range(n):
            unit = DepartmentFactory()
            shortlist(excellent_project(campaign, unit), by=clerk)
            entry = shortlist(verified_achievement(campaign, unit), by=clerk)
            give_scores(entry, {users["reviewer"]: 66})
        panel_of(campaign, [users["reviewer"]], by=users["leader"])
        client.force_login(users["reviewer"])
        client.get(URL)
        with django_assert_num_queries(SCORE_PAGE_QUERIES):
            response = client.get(URL)
        assert response.context["sections"][1]["progress"] == {"done": n, "expected": n}


# session, user, campaign, panel, membership, entries, targets, milestones, progress reports,
# completions, achievement files, scores, unread notifications
SCORE_PAGE_QUERIES = 13
