"""Every complaint URL × who asks: the staff and head of the unit complained of, another unit's
staff and head, the center's clerk, leader and admin, a reviewer, the anonymous public, and the
complainant (an anonymous visitor whose session went through complaints:query with the code).

GET: one row per (url, who) with the status (or the redirect) it must answer. The rows are
checked against the URL resolver: a new complaint URL without a row fails
`test_every_complaint_url_has_a_row`.

POST: every endpoint that changes something is posted to by each user who may not act there;
each is refused (403, 404, 405, a redirect to the login page or back to where they belong) and
nothing changes — the case, its reply, its extension and every row the actions write.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from complaints.models import (
    Accountability,
    CaseNote,
    Complaint,
    Extension,
    Finding,
    FollowUp,
    OverdueNotice,
    Reply,
    Status,
    TypicalCase,
)
from complaints.views import center as center_views
from efficiency_center.notices import PublicNotice
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry
from efficiency_center.uploads import Attachment
from efficiency_center.workflow import StateChange, workflow_for
from tests.complaints.factories import ReplyFactory, TypicalCaseFactory, case_in

pytestmark = pytest.mark.django_db

CODE = "TEST-MAPR-XZ23"

WHO = [
    "staff_own",
    "head_own",
    "staff_other",
    "head_other",
    "clerk",
    "leader",
    "reviewer",
    "admin",
    "public",
    "complainant",
]
# The users of tests/conftest.py behind each column; the case is dept_a's ("own").
USERNAME = {
    "staff_own": "staff_a",
    "head_own": "head_a",
    "staff_other": "staff_b",
    "head_other": "head_b",
    "clerk": "clerk",
    "leader": "leader",
    "reviewer": "reviewer",
    "admin": "admin",
}

# Redirects, by where they lead.
LOGIN = "→login"
QUERY = "→query"  # the query page: no case in this browser's session
CENTER_PAGE = "→case"  # center users are sent from the unit's pages to the center's case page
UNIT_PAGE = "→unit_case"  # a GET on the unit's POST-only URLs shows the case page


def expect(*statuses):
    return dict(zip(WHO, statuses, strict=True))


EVERYONE_200 = expect(*[200] * 10)
CENTER_ONLY = expect(403, 403, 403, 403, 200, 200, 403, 200, LOGIN, LOGIN)
CLERK_ONLY = expect(403, 403, 403, 403, 200, 403, 403, 403, LOGIN, LOGIN)
LEADER_ONLY = expect(403, 403, 403, 403, 403, 200, 403, 403, LOGIN, LOGIN)
# A reviewer, like another unit's user, gets 404 on a case's unit URLs (the unit pages check
# that the case is readable before anything else: tests/complaints/test_unit_side.py).
UNIT_POST_ONLY = expect(
    UNIT_PAGE, UNIT_PAGE, 404, 404, CENTER_PAGE, CENTER_PAGE, 404, CENTER_PAGE, LOGIN, LOGIN
)

# name -> (the record its arguments come from, expected GET answer per user)
GET_MATRIX = {
    # The complainant's pages: public.
    "complaints:file": (None, EVERYONE_200),
    "complaints:filed": (None, EVERYONE_200),
    "complaints:query": (None, EVERYONE_200),
    "complaints:track": (None, expect(*[QUERY] * 9, 200)),
    "complaints:add_information": (None, expect(*[405] * 10)),
    "complaints:rate": (None, expect(*[405] * 10)),
    "complaints:reexamine": (None, expect(*[405] * 10)),
    "complaints:track_end": (None, expect(*[405] * 10)),
    # The center.
    "complaints:register": (None, CLERK_ONLY),
    "complaints:case": ("case", CENTER_ONLY),
    "complaints:identity": ("case", CENTER_ONLY),
    "complaints:case_notice": ("found", CLERK_ONLY),
    "complaints:case_typical": ("found", CLERK_ONLY),
    # Not very overdue: the clerk is sent back to the case page.
    "complaints:overdue_notice": (
        "case",
        expect(403, 403, 403, 403, CENTER_PAGE, 403, 403, 403, LOGIN, LOGIN),
    ),
    "complaints:overdue_notice_decide": (
        "overdue_notice",
        expect(403, 403, 403, 403, 403, 405, 403, 403, LOGIN, LOGIN),
    ),
    "complaints:case_action": (
        "case_accept",
        expect(403, 403, 403, 403, 405, 405, 403, 405, LOGIN, LOGIN),
    ),
    "complaints:center_queue": (None, CENTER_ONLY),
    "complaints:export": (None, CENTER_ONLY),
    # The unit.
    "complaints:unit_queue": (None, expect(200, 200, 200, 200, 403, 403, 403, 403, LOGIN, LOGIN)),
    "complaints:unit_case": (
        "case",
        expect(200, 200, 404, 404, CENTER_PAGE, CENTER_PAGE, 404, CENTER_PAGE, LOGIN, LOGIN),
    ),
    "complaints:reply_save": ("case", UNIT_POST_ONLY),
    "complaints:reply_act": ("case", UNIT_POST_ONLY),
    "complaints:decline": ("case", UNIT_POST_ONLY),
    # Extensions: the unit's head asks while the unit has the case (a clerk while the center
    # holds it: the case's table refuses the clerk now), a leader decides.
    "complaints:extension_request": (
        "case",
        expect(403, 200, 404, 404, 403, 403, 404, 403, LOGIN, LOGIN),
    ),
    "complaints:leader_queue": (None, LEADER_ONLY),
    "complaints:extension_decide": ("extension", LEADER_ONLY),
    # Public statistics and typical cases.
    "complaints:statistics": (None, EVERYONE_200),
    "complaints:typical_cases": (None, EVERYONE_200),
    "complaints:typical_case": ("typical", EVERYONE_200),
    "complaints:typical_feed": (None, EVERYONE_200),
}


def complaint_url_names():
    """Every named URL in the complaints namespace, read from the project's resolver."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "complaints" and pattern.name:
                names.add(f"complaints:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_complaint_url_has_a_row():
    names = complaint_url_names()
    assert len(names) > 20
    assert names == set(GET_MATRIX), (
        f"without a row: {sorted(names - set(GET_MATRIX))}; "
        f"rows of no URL: {sorted(set(GET_MATRIX) - names)}"
    )


# --- the records --------------------------------------------------------------------------------


@pytest.fixture
def world(campaign, dept_a, users):
    """A case forwarded to dept_a with the unit's draft reply and a pending extension; a case
    found true (no notice or typical case yet); a published typical case."""
    case = case_in(
        Status.FORWARDED, campaign=campaign, department=dept_a, complainant__query_code=CODE
    )
    reply = ReplyFactory(
        complaint=case,
        state=State.DRAFT,
        submitted_at=None,
        created_by=users["staff_a"],
        created_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    extension = Extension.objects.create(
        complaint=case,
        workdays=3,
        reason="需调取监控录像。",
        requested_by=users["head_a"],
        old_due=case.reply_due,
        new_due=case.reply_due + datetime.timedelta(days=5),
    )
    found = case_in(
        Status.CONCLUDED,
        campaign=campaign,
        department=dept_a,
        finding=Finding.TRUE,
        findings="经查属实。",
        conclusion_approved_by=users["leader"],
    )
    closed = case_in(Status.CLOSED, campaign=campaign, department=dept_a, finding=Finding.TRUE)
    typical = TypicalCaseFactory(complaint=closed)
    overdue_notice = OverdueNotice.objects.create(
        complaint=case, title="督办通报", body="答复严重超期。", drafted_by=users["clerk"]
    )
    return {
        "overdue_notice": overdue_notice,
        "case": case,
        "reply": reply,
        "extension": extension,
        "found": found,
        "typical": typical,
    }


def args_for(needs, world):
    return {
        None: [],
        "case": [world["case"].pk],
        "found": [world["found"].pk],
        "case_accept": [world["case"].pk, "accept"],
        "extension": [world["extension"].pk],
        "typical": [world["typical"].pk],
        "overdue_notice": [world["overdue_notice"].pk],
    }[needs]


def client_for(who, users):
    client = Client()
    if who == "complainant":
        response = client.post(reverse("complaints:query"), {"code": CODE})
        assert response.status_code == 302 and response.url == reverse("complaints:track")
    elif who != "public":
        client.force_login(users[USERNAME[who]])
    return client


def check_answer(response, expected, world):
    if isinstance(expected, int):
        assert response.status_code == expected, (response.status_code, expected)
        return
    assert response.status_code == 302, (response.status_code, expected)
    case = world["case"].pk
    if expected == LOGIN:
        assert response.url.startswith(reverse("login") + "?next=")
    elif expected == QUERY:
        assert response.url == reverse("complaints:query")
    elif expected == CENTER_PAGE:
        assert response.url == reverse("complaints:case", args=[case])
    elif expected == UNIT_PAGE:
        assert response.url == reverse("complaints:unit_case", args=[case])
    else:  # pragma: no cover
        raise AssertionError(expected)


GET_ROWS = [
    (name, who, expected[who]) for name, (_needs, expected) in GET_MATRIX.items() for who in WHO
]


@pytest.mark.parametrize(
    "name,who,expected", GET_ROWS, ids=[f"{name[11:]}-{who}" for name, who, _e in GET_ROWS]
)
def test_get(users, world, name, who, expected):
    client = client_for(who, users)
    url = reverse(name, args=args_for(GET_MATRIX[name][0], world))
    check_answer(client.get(url), expected, world)


# --- posts by those who may not act: refused, nothing changes -----------------------------------


def snapshot(world):
    """What any complaint action could change."""
    case = Complaint.objects.get(pk=world["case"].pk)
    found = Complaint.objects.get(pk=world["found"].pk)
    reply = Reply.objects.get(pk=world["reply"].pk)
    extension = Extension.objects.get(pk=world["extension"].pk)
    return {
        "case": (case.status, case.version, case.forwarded_text, case.department_id),
        "found": (found.status, found.version),
        "reply": (reply.state, reply.version, reply.facts),
        "extension": (extension.decision, extension.new_due),
        "overdue_notice": OverdueNotice.objects.get(pk=world["overdue_notice"].pk).decision,
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Complaint,
                Reply,
                Extension,
                OverdueNotice,
                CaseNote,
                FollowUp,
                Accountability,
                TypicalCase,
                PublicNotice,
                ScoreEntry,
                StateChange,
                Notification,
                Attachment,
            )
        },
    }


# Plausible, valid-looking data for every form: the refusal must come from who asks.
POST_DATA = {
    "version": 1,
    "comment": "同意。",
    "reason": "理由。",
    "redirect_to": "县信访局",
    "target_number": "TS2026-00001",
    "department": "",
    "forwarded_text": "请核实。",
    "finding": Finding.FALSE,
    "findings": "经查不属实。",
    "measure": "criticism",
    "person": "李四（科员）",
    "channel": "phone",
    "answered_on": "2026-01-05",
    "text": "说明。",
    "satisfaction": 4,
    "audience": CaseNote.Audience.UNIT,
    "facts": "经核实……",
    "actions_taken": "已整改。",
    "action": "submit",
    "workdays": 3,
    "decision": "approve",
    "title": "通报",
    "body": "通报正文。",
    "kind": "attitude",
    "description": "内容。",
    "identity": "anonymous",
    "code": CODE,
}


def post_data(world, prefix=""):
    data = dict(POST_DATA)
    data["version"] = Complaint.objects.get(pk=world["case"].pk).version
    data["reply"] = world["reply"].pk
    if prefix:
        data = {f"{prefix}-{key}": value for key, value in data.items()}
    return data


def refused_rows(roles_allowed, refusal):
    """One row per user not in `roles_allowed`, with the refusal they get."""
    return {who: refusal[who] for who in WHO if who not in roles_allowed}


BY_ROLE_403 = expect(403, 403, 403, 403, 403, 403, 403, 403, LOGIN, LOGIN)
UNIT_REFUSALS = expect(
    None, None, 404, 404, CENTER_PAGE, CENTER_PAGE, 404, CENTER_PAGE, LOGIN, LOGIN
)

# The clerk's and the leader's actions on the case page, by who may take each (the case's
# table: each is taken by a role).
CASE_ACTION_ROLES = {
    name: {"clerk", "leader"} & set(workflow_for(Complaint).action(name).may.roles)
    for name in center_views.ACTS
}


def test_every_case_action_is_in_the_post_matrix():
    assert set(CASE_ACTION_ROLES) == set(center_views.ACTS)
    assert all(CASE_ACTION_ROLES.values())


POST_ROWS = []
for _action, _roles in sorted(CASE_ACTION_ROLES.items()):
    for _who, _expected in refused_rows(_roles, BY_ROLE_403).items():
        POST_ROWS.append(("complaints:case_action", _action, _who, _expected))
for _name, _allowed in (
    ("complaints:reply_save", {"staff_own", "head_own"}),
    ("complaints:reply_act", {"head_own"}),
    ("complaints:decline", {"head_own"}),
):
    refusals = dict(UNIT_REFUSALS)
    if _name == "complaints:decline":
        refusals["staff_own"] = 403  # only the head returns a case
    if _name == "complaints:reply_act":
        refusals["staff_own"] = 403  # staff draft; signing off is the head's (the reply's table)
    for _who, _expected in refused_rows(_allowed, refusals).items():
        POST_ROWS.append((_name, None, _who, _expected))
_EXTENSION_REFUSALS = expect(403, None, 404, 404, 403, 403, 404, 403, LOGIN, LOGIN)
for _who, _expected in refused_rows({"head_own"}, _EXTENSION_REFUSALS).items():
    # A clerk asks only while the center holds the case: the case's table refuses (403).
    POST_ROWS.append(("complaints:extension_request", None, _who, _expected))
for _name in ("complaints:extension_decide", "complaints:overdue_notice_decide"):
    for _who, _expected in refused_rows({"leader"}, BY_ROLE_403).items():
        POST_ROWS.append((_name, None, _who, _expected))
for _name in (
    "complaints:register",
    "complaints:case_notice",
    "complaints:case_typical",
    "complaints:overdue_notice",
):
    for _who, _expected in refused_rows({"clerk"}, BY_ROLE_403).items():
        POST_ROWS.append((_name, None, _who, _expected))
# The complainant's actions need the case in the session: anyone else is sent to the query page.
for _name in ("complaints:add_information", "complaints:rate", "complaints:reexamine"):
    for _who in WHO:
        if _who != "complainant":
            POST_ROWS.append((_name, None, _who, QUERY))

POST_NEEDS = {
    "complaints:case_action": "case",
    "complaints:reply_save": "case",
    "complaints:reply_act": "case",
    "complaints:decline": "case",
    "complaints:extension_request": "case",
    "complaints:extension_decide": "extension",
    "complaints:register": None,
    "complaints:case_notice": "found",
    "complaints:case_typical": "found",
    "complaints:overdue_notice": "case",
    "complaints:overdue_notice_decide": "overdue_notice",
    "complaints:add_information": None,
    "complaints:rate": None,
    "complaints:reexamine": None,
}
# POSTs open to everyone by design (filing, entering a code, forgetting the case in a browser).
PUBLIC_POSTS = {"complaints:file", "complaints:query", "complaints:track_end"}
# Pages that only read (a POST there is answered like a GET, or refused).
READ_ONLY = {
    "complaints:filed",
    "complaints:track",
    "complaints:case",
    "complaints:identity",
    "complaints:center_queue",
    "complaints:export",
    "complaints:unit_queue",
    "complaints:unit_case",
    "complaints:leader_queue",
    "complaints:statistics",
    "complaints:typical_cases",
    "complaints:typical_case",
    "complaints:typical_feed",
}


def test_every_writing_url_is_in_the_post_matrix():
    assert set(POST_NEEDS) | PUBLIC_POSTS | READ_ONLY == complaint_url_names()
    assert {row[0] for row in POST_ROWS} == set(POST_NEEDS)


@pytest.mark.parametrize(
    "name,action,who,expected",
    POST_ROWS,
    ids=[f"{n[11:]}{'-' + a if a else ''}-{w}" for n, a, w, _e in POST_ROWS],
)
def test_post_by_who_may_not_act_is_refused_and_changes_nothing(
    users, world, name, action, who, expected
):
    client = client_for(who, users)
    needs = POST_NEEDS[name]
    if name == "complaints:case_action":
        url = reverse(name, args=[world["case"].pk, action])
        data = post_data(world, prefix=action)
    else:
        url = reverse(name, args=args_for(needs, world))
        data = post_data(world)
        if name in ("complaints:reply_save", "complaints:reply_act"):
            data["version"] = world["reply"].version
    before = snapshot(world)
    response = client.post(url, data)
    check_answer(response, expected, world)
    after = snapshot(world)
    assert after == before


def test_the_positive_controls_do_change_something(users, world):
    """The refusals above are refusals: the same posts by who may act do change the records."""
    client = client_for("head_own", users)
    before = snapshot(world)
    data = post_data(world)
    data["version"] = world["reply"].version
    response = client.post(reverse("complaints:reply_act", args=[world["case"].pk]), data)
    assert response.status_code == 302
    assert Reply.objects.get(pk=world["reply"].pk).state == State.SUBMITTED
    assert snapshot(world) != before

    complainant = client_for("complainant", users)
    response = complainant.post(reverse("complaints:add_information"), {"text": "补充一点。"})
    assert response.status_code == 302 and response.url == reverse("complaints:track")
    assert CaseNote.objects.filter(audience=CaseNote.Audience.COMPLAINANT).count() == 1

    leader = client_for("leader", users)
    extension = world["extension"]
    response = leader.post(
        reverse("complaints:extension_decide", args=[extension.pk]),
        {"action": "approve", "version": extension.version, "comment": ""},
    )
    assert response.status_code == 302
    assert Extension.objects.get(pk=world["extension"].pk).decision == "approved"


# --- the sub-unit's case: its supervising head reads it, the rest of the supervising unit not ---


@pytest.mark.parametrize(
    "who,expected",
    [
        ("staff_sub", 200),
        ("head_sub", 200),
        ("head_a", 200),  # the supervising department's head reads its sub-units' cases
        ("staff_a", 404),  # its staff do not
        ("head_b", 404),
    ],
)
def test_a_sub_units_case_page(client, campaign, sub_of_a, users, who, expected):
    case = case_in(Status.FORWARDED, campaign=campaign, department=sub_of_a)
    client.force_login(users[who])
    response = client.get(reverse("complaints:unit_case", args=[case.pk]))
    assert response.status_code == expected
    queue = client.get(reverse("complaints:unit_queue") + "?show=all").content.decode()
    assert (case.number in queue) == (expected == 200)


@pytest.mark.parametrize("who", ["staff_a", "head_a", "staff_b", "head_b"])
def test_a_case_not_yet_forwarded_is_no_units(client, campaign, dept_a, users, who):
    case = case_in(Status.ACCEPTED, campaign=campaign, department=dept_a)
    client.force_login(users[who])
    for name in ("unit_case", "reply_save", "reply_act", "decline", "extension_request"):
        response = client.get(reverse(f"complaints:{name}", args=[case.pk]))
        assert response.status_code == 404, name
