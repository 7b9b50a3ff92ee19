"""The item editor over HTTP: every bad input gets its error and changes nothing."""

import pytest
from django.urls import reverse

from efficiency_center.review import State
from efficiency_center.workflow import history
from pledges.models import MAX_ITEMS, Pledge
from tests.pledges.factories import item_post, refreshed

pytestmark = pytest.mark.django_db


def current_items(pledge):
    return [(i.pk, i.text, i.focus_area) for i in pledge.items.all()]


def snapshot(pledge):
    pledge = refreshed(pledge)
    return pledge.version, list(pledge.items.values_list("position", "text", "focus_area"))


@pytest.fixture
def staff_client(client, users):
    client.force_login(users["staff_a"])
    return client


def edit_url(pledge):
    return reverse("pledges:edit", args=[pledge.pk])


class TestEditPage:
    def test_shows_the_items_version_and_the_official_lines(self, staff_client, draft_a):
        page = staff_client.get(edit_url(draft_a)).content.decode()
        assert page.count("data-item-row") == 6 + 1  # six items and the empty template row
        assert 'name="version" value="1"' in page
        assert "县甲局向县委、县政府和全县人民郑重承诺：" in page
        assert "data-warn-unsaved" in page and "pledges/pledges.js" in page

    def test_save_reorders_edits_adds_and_removes(self, staff_client, draft_a):
        items = current_items(draft_a)
        items[0] = (items[0][0], "改写的第一项", "service")
        items.append((None, "新增的第七项", "fees"))
        data = item_post(items, version=1, deleted={1})
        # Move the new item to the top by its position.
        data["items-6-position"] = "1"
        data["items-0-position"] = "2"
        response = staff_client.post(edit_url(draft_a), data)
        assert response.status_code == 302 and response.url == draft_a.get_absolute_url()
        version, rows = snapshot(draft_a)
        assert version == 2 and len(rows) == 6
        assert rows[0][1] == "新增的第七项" and rows[1][1] == "改写的第一项"
        assert not draft_a.items.filter(text__startswith="以优良作风").exists()  # item 2 removed

    def test_returned_pledge_shows_the_comment_while_editing(self, staff_client, draft_a, users):
        from tests.pledges.factories import act

        act(draft_a, users["head_a"], "submit")
        act(draft_a, users["clerk"], "return", "请补充量化指标")
        page = staff_client.get(edit_url(draft_a)).content.decode()
        assert "data-last-return" in page and "请补充量化指标" in page


class TestBadInput:
    def post(self, client, pledge, items, **kwargs):
        return client.post(edit_url(pledge), item_post(items, version=pledge.version, **kwargs))

    def test_empty_pledge(self, staff_client, draft_a):
        before = snapshot(draft_a)
        items = current_items(draft_a)
        response = self.post(staff_client, draft_a, items, deleted=set(range(len(items))))
        assert response.status_code == 400
        codes = [e.code for e in response.context["formset"].non_form_errors().as_data()]
        assert codes == ["no_items"] and 'data-error="items"' in response.content.decode()
        assert snapshot(draft_a) == before

    def test_empty_item(self, staff_client, draft_a):
        before = snapshot(draft_a)
        items = current_items(draft_a)
        items[2] = (items[2][0], "   ", "service")
        response = self.post(staff_client, draft_a, items + [(None, "", "service")])
        assert response.status_code == 400
        forms = response.context["formset"].forms
        assert forms[2].errors.as_data()["text"][0].code == "required"
        assert forms[6].errors.as_data()["text"][0].code == "required"  # added, left empty
        assert 'data-error="items-2-text"' in response.content.decode()
        assert snapshot(draft_a) == before

    def test_more_than_thirty_items(self, staff_client, draft_a):
        before = snapshot(draft_a)
        items = [(None, f"第{n}项", "service") for n in range(MAX_ITEMS + 1)]
        response = self.post(staff_client, draft_a, items)
        codes = [e.code for e in response.context["formset"].non_form_errors().as_data()]
        assert response.status_code == 400 and codes == ["too_many_items"]
        assert snapshot(draft_a) == before

    def test_thirty_items_are_accepted(self, staff_client, draft_a):
        items = [(None, f"第{n}项", "service") for n in range(MAX_ITEMS)]
        assert self.post(staff_client, draft_a, items).status_code == 302
        assert draft_a.items.count() == MAX_ITEMS

    def test_item_over_500_characters(self, staff_client, draft_a):
        before = snapshot(draft_a)
        items = current_items(draft_a)
        items[0] = (items[0][0], "办" * 501, "service")
        response = self.post(staff_client, draft_a, items)
        form = response.context["formset"].forms[0]
        assert response.status_code == 400
        assert form.errors.as_data()["text"][0].code == "max_length"
        assert snapshot(draft_a) == before

    def test_missing_version_changes_nothing(self, staff_client, draft_a):
        before = snapshot(draft_a)
        data = item_post(current_items(draft_a), version=1)
        del data["version"]
        response = staff_client.post(edit_url(draft_a), data)
        assert response.status_code == 400 and 'data-error="version"' in response.content.decode()
        assert snapshot(draft_a) == before


class TestTwoEditors:
    def test_second_save_is_refused_its_input_shown_again_nothing_lost(
        self, client, draft_a, users
    ):
        from django.test import Client

        first, second = Client(), Client()
        first.force_login(users["staff_a"])
        second.force_login(users["head_a"])
        assert 'value="1"' in first.get(edit_url(draft_a)).content.decode()
        assert 'value="1"' in second.get(edit_url(draft_a)).content.decode()

        items = current_items(draft_a)
        mine = [(items[0][0], "经办人改过的第一项", "service"), *items[1:]]
        theirs = [(items[0][0], "负责人同时改的第一项", "service"), *items[1:]]
        assert first.post(edit_url(draft_a), item_post(mine, version=1)).status_code == 302

        response = second.post(edit_url(draft_a), item_post(theirs, version=1))
        page = response.content.decode()
        assert response.status_code == 409 and 'data-error="stale"' in page
        assert "负责人同时改的第一项" in page  # the refused input is still on the page
        assert "data-dirty" in page  # and leaving it still warns
        version, rows = snapshot(draft_a)
        assert version == 2 and rows[0][1] == "经办人改过的第一项"


class TestNotEditable:
    def test_published_pledge_cannot_be_edited(self, client, published_a, users):
        client.force_login(users["staff_a"])
        before = snapshot(published_a)
        response = client.get(edit_url(published_a))
        assert response.status_code == 302 and response.url == published_a.get_absolute_url()
        items = [(None, "偷偷改掉", "service")]
        response = client.post(edit_url(published_a), item_post(items, version=before[0]))
        assert response.status_code == 302
        assert snapshot(published_a) == before

    def test_correction_goes_through_review(self, client, published_a, users):
        client.force_login(users["staff_a"])
        response = client.post(reverse("pledges:correct", args=[published_a.pk]))
        correction = Pledge.objects.get(supersedes=published_a)
        assert response.status_code == 302 and response.url == edit_url(correction)
        items = current_items(correction)
        items[0] = (items[0][0], "更正后的第一项", "service")
        client.post(edit_url(correction), item_post(items, version=correction.version))
        assert refreshed(correction).state == State.DRAFT
        assert refreshed(published_a).items.get(position=1).text != "更正后的第一项"
        client.force_login(users["head_a"])
        client.post(
            reverse("pledges:act", args=[correction.pk]),
            {"action": "submit", "version": refreshed(correction).version},
        )
        assert refreshed(correction).state == State.SUBMITTED

    @pytest.mark.parametrize("username", ["clerk", "leader"])
    def test_center_reads_but_never_edits(self, client, draft_a, users, username):
        client.force_login(users[username])
        assert client.get(edit_url(draft_a)).status_code == 403


class TestStateChangesShown:
    def test_history_is_on_the_page_for_the_unit_and_the_center(self, client, draft_a, users):
        from tests.pledges.factories import act

        act(draft_a, users["head_a"], "submit")
        act(draft_a, users["clerk"], "return", "第五条不够具体")
        assert len(history(draft_a)) == 3
        for username in ("staff_a", "head_a", "clerk", "leader"):
            client.force_login(users[username])
            page = client.get(draft_a.get_absolute_url()).content.decode()
            assert page.count("data-step=") == 3 and "第五条不够具体" in page

    def test_review_buttons_follow_allowed_actions(self, client, draft_a, users):
        expected = {"staff_a": [], "head_a": ["submit"], "clerk": [], "head_b": None}
        for username, actions in expected.items():
            client.force_login(users[username])
            response = client.get(draft_a.get_absolute_url())
            if actions is None:
                assert response.status_code == 404
                continue
            page = response.content.decode()
            assert [a for a in ("submit", "return", "approve") if f'data-action="{a}"' in page] == (
                actions
            )

    def test_clerk_approves_with_channel_and_date_over_http(self, client, submitted_a, users):
        client.force_login(users["clerk"])
        page = client.get(submitted_a.get_absolute_url()).content.decode()
        assert 'name="channel"' in page and 'name="publication_date"' in page
        response = client.post(
            reverse("pledges:act", args=[submitted_a.pk]),
            {
                "action": "approve",
                "version": submitted_a.version,
                "channel": "radio",
                "publication_date": "2026-03-22",
            },
        )
        assert response.status_code == 302
        pledge = refreshed(submitted_a)
        assert pledge.state == State.PUBLISHED and pledge.channel == "radio"

    def test_return_without_comment_is_refused(self, client, submitted_a, users):
        client.force_login(users["clerk"])
        client.post(
            reverse("pledges:act", args=[submitted_a.pk]),
            {"action": "return", "version": submitted_a.version, "comment": " "},
        )
        assert refreshed(submitted_a).state == State.SUBMITTED
