"""The complainant's identity is sealed: the proof across the whole app.

Two real-name cases (张三丰, 13912345678, 金湖县黎城镇幸福路8号) — one against a key department,
one against its sub-unit — whose own description names the complainant and gives the phone,
go through their whole life by the services: registered with a sealed and an open file, the
complainant adds information, accepted, forwarded with an anonymised text, notes for the center,
the unit and the complainant, an extension asked and decided, the unit's reply drafted and sent
(for the sub-unit: signed, then endorsed by the supervising head), returned, fixed and resent,
accepted, proposed 查实, approved (the ledger's deduction), accountability, the public notice,
the typical case, the answer, the follow-up and closing.

After every step, everything a unit user (the staff and head of each unit, the supervising head,
another unit's staff and head), a reviewer and the public can reach is rendered and searched for
the name, the phone (however written: spaces, dashes), the address and the query codes: the
pages named in the issue, every same-site link they lead to (a crawl over the complaint,
notification, notice, file, sign-off and assessment pages and the home page), the error pages
of refused requests, every file download, every notification row and every email to them.
The same search finds all of it on the center's pages (the detector works).
"""

import datetime
import html
import io
import re
import zipfile
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from complaints.models import (
    CaseNote,
    Complainant,
    Complaint,
    Finding,
    Kind,
    Status,
    TypicalCase,
)
from complaints.query_codes import normalize_code
from complaints.selectors.unit import current_reply
from complaints.services import (
    aftercare,
    complainant,
    conclusion,
    extensions,
    handling,
    intake,
    replies,
    reply_review,
)
from efficiency_center.audit import AuditEvent
from efficiency_center.errors import Invalid
from efficiency_center.notices import PublicNotice
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry
from efficiency_center.uploads import Attachment
from tests.complaints.factories import pdf_file
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

NAME = "张三丰"
PHONE = "13912345678"
ADDRESS = "金湖县黎城镇幸福路8号"
DESCRIPTION = (
    f"我叫{NAME}，电话 139-1234-5678，家住{ADDRESS}。5月12日我到窗口办理营业执照变更，"
    "工作人员推三阻四，不一次性告知所需材料，让我白白跑了三趟。"
)
DESCRIPTION_ONLY = "让我白白跑了三趟"  # a phrase of the description alone: the unit never reads it
FORWARDED_TEXT = "有群众反映贵单位窗口办理营业执照变更时未一次性告知所需材料，请核实并答复。"
SEALED_FILE = "张三丰身份证复印件.pdf"
OPEN_FILE = "窗口排队现场照片.pdf"
ADDED_SEALED_FILE = "补充材料户口本.pdf"

UNIT_USERS = ("staff_a", "head_a", "staff_sub", "head_sub", "staff_b", "head_b")
OUTSIDERS = (*UNIT_USERS, "reviewer", None)  # None: the anonymous public
CASE_UNITS = UNIT_USERS[:4]  # the units of the two cases (head_a also supervises the sub-unit)

# What the crawl follows: the pages where complaints, their notices and files can show.
CRAWLED = (
    "/complaints/",
    "/notifications/",
    "/dashboard/",
    "/notices/",
    "/files/",
    "/signoffs/",
    "/assessment/",
)
# The pages of a unit user's own (the others are public, or files: crawled at the public steps).
PRIVATE = (
    "/complaints/unit/",
    "/complaints/extensions/",
    "/notifications/",
    "/dashboard/",
    "/signoffs/",
    "/assessment/",
)
NOT_CRAWLED = ("/accounts/", "/i18n/", "/static/", "/media/", "/admin/")
MAX_PAGES_PER_USER = 120

_SEPARATORS = re.compile(r"[\s\u00a0\u200b\-‐‑‒–—－_/.()（）+]")


# --- the detector --------------------------------------------------------------------------------


def identity_in(text, codes):
    """Which parts of the identity `text` shows: the name, the phone however written, the
    address (or its street part), a query code with or without its dashes."""
    text = html.unescape(text)
    compact = _SEPARATORS.sub("", text).upper()
    found = []
    if NAME in text:
        found.append("name")
    if PHONE in compact:
        found.append("phone")
    if ADDRESS in compact or "幸福路8号" in compact:
        found.append("address")
    if any(normalize_code(code) in compact for code in codes):
        found.append("query code")
    if DESCRIPTION_ONLY in text:
        found.append("description")
    if SEALED_FILE[:-4] in text or ADDED_SEALED_FILE[:-4] in text:
        found.append("sealed file")
    return found


def response_text(response):
    """Everything a response shows: its headers and its body (an .xlsx unzipped)."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body[:2] == b"PK":  # an .xlsx export: its sheets are XML inside a zip
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    return headers + "\n" + body.decode("utf-8", errors="replace")


# --- the fixture: the county, the clients, what was sent ----------------------------------------


class Sealed:
    """Runs the checks of one stage and keeps every leak found, with where it was found."""

    def __init__(self, users, run):
        self.users = users
        self.run = run  # runs a service with its on-commit callbacks (the emails)
        self.codes = []
        self.leaks = []
        self.pages_seen = 0
        self.clients = {}
        for who in OUTSIDERS:
            client = Client()
            if who:
                client.force_login(users[who])
            self.clients[who] = client
        self.unit_emails = {
            user.email for key, user in users.items() if not user.is_center_user and user.email
        }

    def note(self, stage, who, where, text):
        found = identity_in(text, self.codes)
        if found:
            self.leaks.append((stage, who or "public", where, found))

    # -- what an outsider can reach

    def seeds(self, who, public):
        urls = []
        if public:
            urls += [
                "/",
                reverse("notice_list"),
                reverse("notice_feed"),
                reverse("complaints:statistics"),
                reverse("complaints:statistics") + f"?year={timezone.localdate().year}",
                reverse("complaints:typical_cases"),
                reverse("complaints:typical_feed"),
                reverse("complaints:file"),
                reverse("complaints:query"),
                reverse("complaints:filed"),
                reverse("complaints:track"),
            ]
            urls += [
                reverse("notice_detail", args=[pk])
                for pk in PublicNotice.objects.values_list("pk", flat=True)
            ]
            urls += [
                reverse("complaints:typical_case", args=[pk])
                for pk in TypicalCase.objects.values_list("pk", flat=True)
            ]
            urls += [a.get_absolute_url() for a in Attachment.objects.all()]
        if who is None:
            return urls
        urls += [reverse("dashboard"), reverse("notification_list")]
        if who == "reviewer":
            return urls
        queue = reverse("complaints:unit_queue")
        urls += [queue, queue + "?show=open", queue + "?show=all"]
        for pk in Complaint.objects.values_list("pk", flat=True):
            for name in ("unit_case", "reply_save", "reply_act", "decline", "extension_request"):
                urls.append(reverse(f"complaints:{name}", args=[pk]))
        if who.startswith("head"):
            urls.append(reverse("signoffs"))
        try:
            urls.append(reverse("assessment:unit_index"))
            urls.append(reverse("assessment:unit", args=[self.users[who].department.code]))
        except NoReverseMatch:  # the assessment's unit page is not built (yet)
            pass
        return urls

    def crawl(self, stage, who, public=True):
        """Every page `who` reaches from the seeds by links, within CRAWLED (without the public
        pages and the files unless `public`). A sealed file must answer 404."""
        client = self.clients[who]
        sealed_urls = {a.get_absolute_url() for a in Attachment.objects.filter(sealed=True)}
        queue = deque(self.seeds(who, public))
        seen = set()
        while queue and len(seen) < MAX_PAGES_PER_USER:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            self.note(stage, who, url, response_text(response))
            if url in sealed_urls and response.status_code != 404:
                self.leaks.append((stage, who or "public", url, ["sealed file served"]))
            if response.status_code in (301, 302):
                queue.append(response["Location"])
                continue
            if response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            for link in re.findall(r'href="([^"#]+)"', response.content.decode()):
                parts = urlsplit(urljoin(f"http://testserver{url}", html.unescape(link)))
                if parts.netloc and parts.netloc != "testserver":
                    continue
                path = parts.path
                if any(path.startswith(p) for p in NOT_CRAWLED):
                    continue
                if path == "/" or any(path.startswith(p) for p in CRAWLED):
                    if public or path.startswith(PRIVATE):
                        queue.append(path + (f"?{parts.query}" if parts.query else ""))
        self.pages_seen += len(seen)
        return seen

    def sent(self, stage):
        """Every notification row to a non-center user, and every email to one."""
        for row in Notification.objects.exclude(
            recipient__role__in=get_user_model().CENTER_ROLES
        ).select_related("recipient"):
            self.note(stage, row.recipient.username, "notification", f"{row.verb}\n{row.url}")
        for message in mail.outbox:
            if set(message.to) & self.unit_emails:
                self.note(stage, ",".join(message.to), "email", message.subject + message.body)

    def check(self, stage, everyone=False):
        """The units' own pages after every step; when `everyone`, also the public pages and
        the files, for another unit's users, a reviewer and the public as well (what they can
        reach changes with the files, the counts, the public notice and the typical case)."""
        for who in OUTSIDERS if everyone else CASE_UNITS:
            self.crawl(stage, who, public=everyone)
        self.sent(stage)


@pytest.fixture
def county(db, dept_a, dept_b, sub_of_a, users):
    return CampaignFactory(year=timezone.localdate().year)


@pytest.fixture
def sealed(users, county, django_capture_on_commit_callbacks):
    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return Sealed(users, run)


def fresh(case):
    return Complaint.objects.get(pk=case.pk)


def file_case(sealed, users, department):
    """The clerk registers a real-name letter with the complainant's address, a file that
    identifies them (sealed) and one that does not."""
    case, code = sealed.run(
        intake.complaint_register,
        user=users["clerk"],
        data={
            "channel": "letter",
            "kind": Kind.INEFFICIENCY,
            "department": department,
            "description": DESCRIPTION,
            "occurred_on": timezone.localdate() - datetime.timedelta(days=10),
            "place": "县行政服务中心二楼",
            "is_anonymous": False,
            "name": NAME,
            "phone": "139 1234 5678",
            "address": ADDRESS,
        },
        evidence=[(pdf_file(SEALED_FILE), True), (pdf_file(OPEN_FILE), False)],
    )
    sealed.codes.append(code)
    complainant = Complainant.objects.get(complaint=case)
    assert (complainant.name, complainant.phone, complainant.address) == (NAME, PHONE, ADDRESS)
    return case


def reply_data(round_):
    return {
        "facts": f"经核实，窗口工作人员确未一次性告知所需材料（第{round_}稿）。",
        "actions_taken": "已对当事人批评教育，窗口公示一次性告知清单。",
    }


def send_reply(sealed, users, lane, case):
    """The lane's head signs the reply off; a sub-unit's supervising head endorses it."""
    reply = current_reply(fresh(case))
    sealed.run(
        replies.reply_step,
        complaint=fresh(case),
        user=users[lane["head"]],
        action="submit",
        expected_version=reply.version,
    )
    if lane["endorser"]:
        reply.refresh_from_db()
        assert reply.state == State.SIGNED
        sealed.run(
            replies.reply_step,
            complaint=fresh(case),
            user=users[lane["endorser"]],
            action="endorse",
            expected_version=reply.version,
        )
    reply.refresh_from_db()
    assert reply.state == State.SUBMITTED and fresh(case).status == Status.REPLIED
    return reply


def refused_requests(sealed, users, stage, lanes, cases):
    """Bad input and refused requests on the unit's pages: their messages name nobody."""
    for lane in lanes:
        case = cases[lane["name"]]
        staff = Client()
        staff.force_login(users[lane["staff"]])
        head = Client()
        head.force_login(users[lane["head"]])
        outsider = Client()
        outsider.force_login(users["staff_b"])
        reply = current_reply(fresh(case))
        # A refused button goes back to the page with its message on top (303).
        attempts = [
            (staff, "reply_save", {"facts": "", "actions_taken": "", "version": ""}, 400),
            (
                staff,
                "reply_act",
                {"action": "submit", "version": reply.version if reply else 1},
                403 if reply else 303,
            ),
            (head, "reply_act", {"action": "submit", "version": 999}, 303),
            (head, "decline", {"comment": "", "version": fresh(case).version}, 400),
            (head, "extension_request", {"workdays": 99, "reason": "", "version": 1}, 400),
            (outsider, "reply_save", {"facts": "x", "actions_taken": "y"}, 404),
        ]
        for client, name, data, status in attempts:
            url = reverse(f"complaints:{name}", args=[case.pk])
            response = client.post(url, data)
            assert response.status_code == status, (stage, name, response)
            if status == 303:  # the message is on the page it leads back to
                assert response.url == reverse("complaints:unit_case", args=[case.pk])
                response = client.get(response.url)
            sealed.note(stage, lane["name"], f"POST {url}", response_text(response))


def test_the_identity_reaches_no_unit_reviewer_or_public_page_in_the_whole_life_of_a_case(
    sealed, users, dept_a, sub_of_a
):
    clerk, leader = users["clerk"], users["leader"]
    today = timezone.localdate()
    lanes = [
        {"name": "a", "unit": dept_a, "staff": "staff_a", "head": "head_a", "endorser": None},
        {
            "name": "sub",
            "unit": sub_of_a,
            "staff": "staff_sub",
            "head": "head_sub",
            "endorser": "head_a",
        },
    ]

    def stage(name, everyone=False):
        sealed.check(name, everyone=everyone)

    # Registered, with what the complainant adds on the query page.
    cases = {lane["name"]: file_case(sealed, users, lane["unit"]) for lane in lanes}
    for case in cases.values():
        sealed.run(
            complainant.information_add,
            complaint=case,
            text=f"补充：我是{NAME}，手机 139 1234 5678，请回电。",
            evidence=[(pdf_file(ADDED_SEALED_FILE), True)],
        )
    stage("registered")

    # Accepted and forwarded with an anonymised text; the center's notes of every audience.
    for lane in lanes:
        case = cases[lane["name"]]
        sealed.run(
            handling.complaint_accept,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
        )
        sealed.run(
            handling.complaint_forward,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
            forwarded_text=FORWARDED_TEXT,
            department=lane["unit"],
        )
        for audience, text in (
            (CaseNote.Audience.UNIT, "请于期限内答复，并附整改材料。"),
            (CaseNote.Audience.INTERNAL, f"投诉人{NAME}来电催问，回电 139-1234-5678。"),
            (CaseNote.Audience.PUBLIC, f"{NAME}您好：您的投诉已转交相关单位办理。"),
        ):
            sealed.run(
                handling.note_add, complaint=fresh(case), user=clerk, audience=audience, text=text
            )
    stage("forwarded", everyone=True)
    refused_requests(sealed, users, "forwarded", lanes, cases)

    # An extension: the key department's is approved, the sub-unit's refused.
    for lane, approve in zip(lanes, (True, False), strict=True):
        case = cases[lane["name"]]
        extension = sealed.run(
            extensions.extension_request,
            complaint=fresh(case),
            user=users[lane["head"]],
            workdays=3,
            reason="需调取窗口监控录像核实。",
            expected_version=fresh(case).version,
        )
        sealed.run(
            extensions.extension_decide,
            extension=extension,
            user=leader,
            action="approve" if approve else "refuse",
            expected_version=extension.version,
            comment="同意。" if approve else "请按期答复。",
        )
    stage("extension")

    # The unit's reply: drafted, sent, returned, fixed, sent again.
    for lane in lanes:
        case = cases[lane["name"]]
        sealed.run(
            replies.reply_save,
            complaint=fresh(case),
            user=users[lane["staff"]],
            expected_version=None,
            data=reply_data(1),
            evidence=pdf_file("整改记录.pdf"),
        )
    stage("reply drafted")
    for lane in lanes:
        send_reply(sealed, users, lane, cases[lane["name"]])
    stage("reply sent")
    for lane in lanes:
        case = cases[lane["name"]]
        sealed.run(
            reply_review.reply_return,
            complaint=fresh(case),
            reply=current_reply(fresh(case)),
            user=clerk,
            expected_version=fresh(case).version,
            comment="请补充整改前后的照片。",
        )
    stage("reply returned")
    refused_requests(sealed, users, "reply returned", lanes, cases)
    for lane in lanes:
        case = cases[lane["name"]]
        reply = current_reply(fresh(case))
        assert reply.state == State.RETURNED
        sealed.run(
            replies.reply_save,
            complaint=fresh(case),
            user=users[lane["staff"]],
            expected_version=reply.version,
            data=reply_data(2),
        )
        send_reply(sealed, users, lane, case)
    stage("reply resent")
    for lane in lanes:
        case = cases[lane["name"]]
        sealed.run(
            reply_review.reply_accept,
            complaint=fresh(case),
            reply=current_reply(fresh(case)),
            user=clerk,
            expected_version=fresh(case).version,
        )
    stage("reply accepted")

    # The conclusion 查实, approved; what follows it.
    for case in cases.values():
        sealed.run(
            conclusion.conclusion_propose,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
            finding=Finding.TRUE,
            findings=f"经查，投诉人{NAME}反映的窗口推诿问题属实。",
        )
    stage("proposed")
    for case in cases.values():
        sealed.run(
            conclusion.conclusion_approve,
            complaint=fresh(case),
            user=leader,
            expected_version=fresh(case).version,
        )
        assert ScoreEntry.objects.filter(cause_id=case.pk, reversed_by__isnull=True).exists()
    stage("approved")
    for case in cases.values():
        sealed.run(
            conclusion.accountability_record,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
            measure="criticism",
            person="窗口工作人员李四（科员）",
        )
    stage("accountability")
    for case in cases.values():
        current = fresh(case)
        title, body = conclusion.notice_text(current, measures=list(current.accountabilities.all()))
        sealed.run(
            conclusion.public_notice_issue,
            complaint=current,
            user=clerk,
            expected_version=current.version,
            title=title,
            body=body,
        )
    assert PublicNotice.objects.count() == 2
    stage("public notice", everyone=True)
    for case in cases.values():
        sealed.run(
            conclusion.typical_case_publish,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
            title="窗口推诿扯皮、不一次性告知被查实",
            body="某单位窗口工作人员对群众办事推诿扯皮，不一次性告知所需材料。经查属实，"
            "已对当事人通报批评并责令整改。",
        )
    stage("typical case")

    # The answer, the follow-up, closing.
    for case in cases.values():
        sealed.run(
            aftercare.complaint_answer,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
            channel="phone",
            answered_on=today,
            text=f"{NAME}先生：经查，您反映的问题属实，单位已整改，当事人已被通报批评。",
        )
    stage("answered")
    for case in cases.values():
        sealed.run(
            aftercare.follow_up_record,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
            satisfaction=4,
            channel="phone",
            note=f"{NAME}表示满意，电话 13912345678。",
        )
        sealed.run(
            aftercare.complaint_close,
            complaint=fresh(case),
            user=clerk,
            expected_version=fresh(case).version,
        )
        assert fresh(case).status == Status.CLOSED
    stage("closed", everyone=True)

    # Each unit user was told about the case all along (so the search above saw real text).
    for who in ("staff_a", "head_a", "staff_sub", "head_sub"):
        verbs = Notification.objects.filter(recipient=users[who]).values_list("verb", flat=True)
        assert any(cases["a" if who.endswith("_a") else "sub"].number in v for v in verbs), who
    assert sum(set(m.to) <= sealed.unit_emails for m in mail.outbox) >= 10
    assert sealed.pages_seen > 200
    assert sealed.leaks == [], "\n".join(map(str, sealed.leaks))


def test_the_detector_finds_the_identity_where_the_center_reads_it(sealed, users, dept_a):
    """The same search, on the center's pages: the name, the phone, the address are there (so
    the search of the unit's pages would have found them), and reading them is audited."""
    case = file_case(sealed, users, dept_a)
    clerk = Client()
    clerk.force_login(users["clerk"])
    page = response_text(clerk.get(reverse("complaints:case", args=[case.pk])))
    assert {"name", "phone", "address", "description"} <= set(identity_in(page, sealed.codes))
    identity = response_text(clerk.get(reverse("complaints:identity", args=[case.pk])))
    assert {"name", "phone", "address"} <= set(identity_in(identity, sealed.codes))
    assert identity_in(f"代码 {sealed.codes[0].lower()}", sealed.codes) == ["query code"]
    assert identity_in("电话：139 1234-5678", sealed.codes) == ["phone"]
    sealed_file = Attachment.objects.get(original_name=SEALED_FILE)
    assert clerk.get(sealed_file.get_absolute_url()).status_code == 200


def test_reading_the_identity_is_audited_who_when_which_case(sealed, users, dept_a):
    case = file_case(sealed, users, dept_a)
    before = timezone.now()
    for who in ("clerk", "leader"):
        client = Client()
        client.force_login(users[who])
        assert client.get(reverse("complaints:identity", args=[case.pk])).status_code == 200
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.SEALED_READ).order_by("id")
    assert [(e.user, e.username) for e in reads] == [
        (users["clerk"], "clerk"),
        (users["leader"], "leader"),
    ]
    for event in reads:
        assert event.created_at >= before
        assert case.number in event.target and case.number in event.detail
        assert identity_in(event.target + event.detail, sealed.codes) == []
    # Refused readers read nothing, and nothing is logged as a reading.
    for who in ("staff_a", "head_a", "reviewer"):
        client = Client()
        client.force_login(users[who])
        assert client.get(reverse("complaints:identity", args=[case.pk])).status_code == 403
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEALED_READ).count() == 2


def test_a_sealed_file_is_never_listed_or_served_outside_the_center(sealed, users, dept_a):
    case = file_case(sealed, users, dept_a)
    sealed.run(
        handling.complaint_accept,
        complaint=fresh(case),
        user=users["clerk"],
        expected_version=fresh(case).version,
    )
    sealed.run(
        handling.complaint_forward,
        complaint=fresh(case),
        user=users["clerk"],
        expected_version=fresh(case).version,
        forwarded_text=FORWARDED_TEXT,
    )
    sealed_file = Attachment.objects.get(original_name=SEALED_FILE)
    open_file = Attachment.objects.get(original_name=OPEN_FILE)
    for who in ("staff_a", "head_a"):
        client = Client()
        client.force_login(users[who])
        page = client.get(reverse("complaints:unit_case", args=[case.pk])).content.decode()
        assert OPEN_FILE in page and open_file.get_absolute_url() in page  # forwarded
        assert SEALED_FILE not in page and sealed_file.get_absolute_url() not in page
        assert client.get(open_file.get_absolute_url()).status_code == 200
        assert client.get(sealed_file.get_absolute_url()).status_code == 404
    for who in ("staff_b", "reviewer", None):
        client = Client()
        if who:
            client.force_login(users[who])
        assert client.get(open_file.get_absolute_url()).status_code == 404
        assert client.get(sealed_file.get_absolute_url()).status_code == 404
    for who in ("clerk", "leader", "admin"):
        client = Client()
        client.force_login(users[who])
        assert client.get(sealed_file.get_absolute_url()).status_code == 200


def test_a_notice_or_typical_case_naming_the_complainant_is_refused(sealed, users, dept_a):
    case = file_case(sealed, users, dept_a)
    Complaint.objects.filter(pk=case.pk).update(
        status=Status.CONCLUDED,
        finding=Finding.TRUE,
        findings="属实。",
        concluded_at=timezone.now(),
        conclusion_approved_by=users["leader"],
    )
    for text in (f"投诉人{NAME}反映", "联系电话 139-1234-5678", f"住{ADDRESS}"):
        for service in (conclusion.public_notice_issue, conclusion.typical_case_publish):
            with pytest.raises(Invalid):
                sealed.run(
                    service,
                    complaint=fresh(case),
                    user=users["clerk"],
                    expected_version=fresh(case).version,
                    title="通报",
                    body=f"经查属实。{text}。",
                )
    assert PublicNotice.objects.count() == 0 and TypicalCase.objects.count() == 0


def test_forwarding_a_text_that_names_the_complainant_is_refused(sealed, users, dept_a):
    case = file_case(sealed, users, dept_a)
    sealed.run(
        handling.complaint_accept,
        complaint=fresh(case),
        user=users["clerk"],
        expected_version=fresh(case).version,
    )
    with pytest.raises(Invalid):
        sealed.run(
            handling.complaint_forward,
            complaint=fresh(case),
            user=users["clerk"],
            expected_version=fresh(case).version,
            forwarded_text=DESCRIPTION,
        )
    assert fresh(case).status == Status.ACCEPTED
