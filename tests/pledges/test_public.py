"""The public side: list with filters and search, the page in the official wording, the PDF and
the Atom feed; query counts that do not grow with the number of pledges."""

import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from pledges import services
from pledges.models import PledgeItem
from pledges.services import ItemData
from tests.pledges.factories import confirm, png_upload, refreshed, submit_and_publish

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def listed(client, **params):
    page = client.get(reverse("pledges:public_list"), params)
    assert page.status_code == 200
    return {p.pk for p in page.context["page"]} if page.context["page"] else set()


def publish_with_items(campaign, users, staff, head, texts, supervisor=None):
    pledge = services.pledge_start(user=users[staff], campaign=campaign)
    services.pledge_save(
        pledge=pledge,
        user=users[staff],
        expected_version=pledge.version,
        items=[ItemData(text=t, focus_area=f) for t, f in texts],
    )
    return submit_and_publish(pledge, users, head=head, supervisor=supervisor)


class TestList:
    def test_only_current_published_pledges(self, client, published_a, draft_sub, users):
        assert listed(client) == {published_a.pk}
        correction = services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
        assert listed(client) == {published_a.pk}  # the correction is not published yet
        correction = submit_and_publish(correction, users)
        assert listed(client) == {correction.pk}

    def test_filters_and_search(self, client, campaign, users):
        a = publish_with_items(
            campaign, users, "staff_a", "head_a", [("审批时限压缩一半", "approval")]
        )
        b = publish_with_items(campaign, users, "staff_b", "head_b", [("收费全部公示", "fees")])
        sub = publish_with_items(
            campaign,
            users,
            "staff_sub",
            "head_sub",
            [("窗口午间不断档", "service")],
            supervisor="head_a",
        )
        assert listed(client) == {a.pk, b.pk, sub.pk}
        assert listed(client, kind="station") == {sub.pk}
        assert listed(client, kind="key") == {a.pk, b.pk}
        assert listed(client, focus="fees") == {b.pk}
        assert listed(client, focus="enforcement") == set()
        assert listed(client, q="乙局") == {b.pk}  # department name
        assert listed(client, q="午间") == {sub.pk}  # item text
        assert listed(client, q="甲局") == {a.pk, sub.pk}  # 县甲局 and 县甲局第一所
        assert listed(client, q="甲局", kind="key") == {a.pk}
        assert listed(client, kind="nonsense") == {a.pk, b.pk, sub.pk}  # bad filter ignored
        assert listed(client, kind="nonsense", focus="fees") == {b.pk}  # the others still apply

    def test_pagination_keeps_the_filters(self, client, campaign, many_pledges):
        many_pledges(25)
        page = client.get(reverse("pledges:public_list"), {"kind": "key", "page": 2})
        html = page.content.decode()
        assert page.context["page"].number == 2 and len(page.context["page"]) == 5
        assert "?kind=key&amp;page=1" in html
        assert 'rel="alternate" type="application/atom+xml"' in html

    def test_empty_when_nothing_published(self, client, draft_a):
        page = client.get(reverse("pledges:public_list")).content.decode()
        assert 'data-empty="pledges"' in page


class TestDetail:
    def test_official_wording_and_publication(self, client, published_a):
        page = client.get(published_a.get_public_url()).content.decode()
        assert "县甲局向县委、县政府和全县人民郑重承诺：" in page
        assert "以上承诺欢迎社会各界人士监督！" in page
        assert page.count("data-item=") == 6
        assert "2026-03-21" in page and "data-pdf" in page and "data-print" in page
        assert "pledges/pledges.css" in page  # with its print rules

    def test_history_of_revisions(self, client, published_a, users):
        correction = services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
        correction = submit_and_publish(correction, users)
        old = client.get(published_a.get_public_url()).content.decode()
        assert "data-superseded" in old and correction.get_public_url() in old
        new = client.get(correction.get_public_url()).content.decode()
        assert "data-superseded" not in new and published_a.get_public_url() in new

    def test_breach_shows_only_once_confirmed(self, client, published_a, users, media):
        item = published_a.items.get(position=5)
        breach = services.broken_pledge_record(
            item=item,
            quarter=2,
            description="未报备即检查",
            evidence=[png_upload()],
            user=users["clerk"],
        )
        assert "data-breach=" not in client.get(published_a.get_public_url()).content.decode()
        confirm(breach, users["leader"])
        page = client.get(published_a.get_public_url()).content.decode()
        assert f'data-breach="{breach.pk}"' in page
        assert refreshed(breach).notice.get_absolute_url() in page

    def test_unpublished_is_not_public(self, client, submitted_a):
        assert (
            client.get(reverse("pledges:public_detail", args=[submitted_a.pk])).status_code == 404
        )
        assert client.get(reverse("pledges:public_pdf", args=[submitted_a.pk])).status_code == 404


class TestPdf:
    def test_a_real_pdf_with_the_official_text(self, client, published_a, tmp_path):
        response = client.get(reverse("pledges:public_pdf", args=[published_a.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = response.content
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert "inline" in response["Content-Disposition"]
        path = tmp_path / "pledge.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        compact = "".join(text.split())
        assert "县甲局向县委、县政府和全县人民郑重承诺" in compact
        assert "以上承诺欢迎社会各界人士监督" in compact


class TestFeed:
    def test_valid_atom_of_published_pledges(self, client, published_a, published_b, draft_sub):
        response = client.get(reverse("pledges:feed"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        assert root.tag == f"{ATOM}feed"
        assert root.find(f"{ATOM}title").text and root.find(f"{ATOM}updated").text
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == 2
        links = {e.find(f"{ATOM}link").get("href") for e in entries}
        assert links == {
            f"http://testserver{published_a.get_public_url()}",
            f"http://testserver{published_b.get_public_url()}",
        }
        for entry in entries:
            for tag in ("id", "title", "updated", "summary"):
                assert entry.find(f"{ATOM}{tag}") is not None, tag
        summaries = "".join(e.find(f"{ATOM}summary").text for e in entries)
        assert "郑重承诺" in summaries and "<p>" in summaries


# --- query counts ---------------------------------------------------------------------------


# Anonymous visitor: list = campaigns, count, page, items; detail = pledge, items, their
# confirmed breaches, fulfilment, revisions.
LIST_QUERIES = 4
DETAIL_QUERIES = 5


@pytest.mark.parametrize("n", [5, 500])
def test_public_list_query_count_does_not_grow(client, many_pledges, n, django_assert_num_queries):
    many_pledges(n)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("pledges:public_list"))
    assert response.context["page"].paginator.count == n
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("pledges:public_list"), {"focus": "service", "q": "服务", "page": 2})


@pytest.mark.parametrize("n", [5, 500])
def test_public_detail_query_count_does_not_grow(
    client, many_pledges, n, django_assert_num_queries
):
    pledges = many_pledges(n)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(pledges[-1].get_public_url())
    assert response.content.decode().count("data-item=") == 6


@pytest.mark.parametrize("n", [5, 500])
def test_feed_query_count_does_not_grow(client, many_pledges, n, django_assert_num_queries):
    many_pledges(n)
    with django_assert_num_queries(2):
        client.get(reverse("pledges:feed"))


def test_detail_with_breaches_and_fulfilment_stays_bounded(
    client, published_a, users, media, django_assert_num_queries
):
    for position in (1, 2, 3):
        breach = services.broken_pledge_record(
            item=published_a.items.get(position=position),
            quarter=1,
            description="未兑现",
            evidence=[png_upload()],
            user=users["clerk"],
        )
        confirm(breach, users["leader"])
    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(published_a.get_public_url()).content.decode()
    assert page.count("data-breach=") == 3


def test_search_on_item_text_uses_the_trigram_index(db, published_a):
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the index exists on PostgreSQL only")
    query = PledgeItem.objects.filter(text__icontains="首问负责").values("pk")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "pledges_item_text_trgm" in plan, plan
    assert query.count() == 1


def test_a_correction_does_not_hide_a_breach(client, published_a, users, media):
    breach = services.broken_pledge_record(
        item=published_a.items.get(position=5),
        quarter=2,
        description="未报备即检查",
        evidence=[png_upload()],
        user=users["clerk"],
    )
    confirm(breach, users["leader"])
    correction = services.pledge_start_correction(pledge=published_a, user=users["staff_a"])
    correction = submit_and_publish(correction, users)
    page = client.get(correction.get_public_url()).content.decode()
    assert "data-other-breaches" in page and f'data-breach="{breach.pk}"' in page
