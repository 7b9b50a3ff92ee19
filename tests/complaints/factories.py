"""Factories for complaints. Shared by every complaints test module: append what you need at the
end, do not change what is here."""

import factory
from django.utils import timezone

from complaints import deadlines
from complaints.models import CaseNote, Channel, Complainant, Complaint, FollowUp, Kind, Status
from complaints.query_codes import QUERY_CODE_ALPHABET, code_digest
from efficiency_center.accounts import system_user
from tests.factories import CampaignFactory, DepartmentFactory

REAL_NAME = "张三丰"
REAL_PHONE = "13912345678"


def make_query_code(n):
    """A valid, deterministic query code for the n-th factory complainant, e.g. TEST-AAAA-AAAC."""
    base = len(QUERY_CODE_ALPHABET)
    digits = ""
    for _position in range(8):
        n, rest = divmod(n, base)
        digits = QUERY_CODE_ALPHABET[rest] + digits
    code = "TEST" + digits
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


class ComplainantFactory(factory.django.DjangoModelFactory):
    """The sealed identity of a case. `query_code` (not stored) is what the complainant types."""

    class Meta:
        model = Complainant
        exclude = ("query_code",)

    complaint = None  # set by ComplaintFactory
    name = REAL_NAME
    phone = REAL_PHONE
    address = ""
    query_code = factory.Sequence(make_query_code)
    query_code_digest = factory.LazyAttribute(lambda o: code_digest(o.query_code))
    address_digest = ""


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A case in any status, written directly (service paths are tested separately), with a
    real-name Complainant (张三丰, 13912345678). `ComplaintFactory(anonymous=True)` stores no
    name or phone; `complainant__query_code="…"` sets the code the complainant knows."""

    class Meta:
        model = Complaint
        skip_postgeneration_save = True

    class Params:
        anonymous = factory.Trait(is_anonymous=True)

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.LazyAttributeSequence(lambda o, n: f"TS{o.campaign.year}-F{n:04d}")
    channel = Channel.WEB
    kind = Kind.ATTITUDE
    department = factory.SubFactory(DepartmentFactory)
    description = "窗口工作人员态度生硬，材料一次没说清，让我跑了三趟。"
    occurred_on = None
    place = "县行政服务中心二楼"
    is_anonymous = False
    status = Status.REGISTERED
    registered_by = factory.LazyFunction(system_user)
    filed_at = factory.LazyFunction(timezone.now)
    acceptance_due = factory.LazyAttribute(
        lambda o: deadlines.acceptance_due(o.campaign, timezone.localtime(o.filed_at).date())
    )
    complainant = factory.RelatedFactory(ComplainantFactory, factory_related_name="complaint")

    @factory.post_generation
    def _anonymous_keeps_no_identity(obj, create, extracted, **kwargs):
        # After the RelatedFactory: a trait's complainant__ overrides would leak into real-name
        # cases (factory_boy applies them whether the trait is on or not).
        if create and obj.is_anonymous:
            Complainant.objects.filter(complaint=obj).update(name="", phone="", address="")


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    complaint = factory.SubFactory(ComplaintFactory)
    audience = CaseNote.Audience.INTERNAL
    text = "已电话联系单位核实情况。"
    author = None


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    complaint = factory.SubFactory(ComplaintFactory)
    satisfaction = 4
    channel = "phone"
    recorded_by = None


# --- the desk's and the statistics' tests (test_desk.py, test_statistics.py) ------------------

import datetime  # noqa: E402

from complaints.models import Finding, TypicalCase  # noqa: E402


class TypicalCaseFactory(factory.django.DjangoModelFactory):
    """A published typical case of a (closed, found true) case."""

    class Meta:
        model = TypicalCase

    complaint = factory.SubFactory(ComplaintFactory, status=Status.CLOSED, finding="true")
    title = factory.Sequence(lambda n: f"窗口推诿扯皮被查实（案例{n}）")
    body = "某单位窗口工作人员对群众咨询推诿扯皮，经查属实，已责令整改并通报批评。"
    published_by = factory.LazyFunction(system_user)


def bulk_complaints(count, *, campaign, departments, prefix="BK", today=None, start=0):
    """`count` cases in one INSERT, without Complainant rows, spread over every status, unit,
    kind, channel and month, with deadlines around `today` so that every queue has cases: for
    query-count tests at thousands of cases (the factory would take minutes)."""
    today = today or timezone.localdate()
    statuses = list(Status.values)
    kinds, channels = list(Kind.values), list(Channel.values)
    findings = {"concluded", "answered", "closed"}
    registered_by = system_user()
    cases = []
    for i in range(start, start + count):
        status = statuses[i % len(statuses)]
        offset = datetime.timedelta(days=(i % 21) - 10)
        filed_on = datetime.date(campaign.year, 1 + i % 12, 1 + i % 28)
        cases.append(
            Complaint(
                campaign=campaign,
                number=f"{prefix}{campaign.year}-{i:06d}",
                channel=channels[i % len(channels)],
                kind=kinds[i % len(kinds)],
                department=departments[i % len(departments)],
                description="批量生成的投诉内容。",
                is_anonymous=i % 3 == 0,
                status=status,
                registered_by=registered_by,
                filed_at=timezone.make_aware(
                    datetime.datetime.combine(filed_on, datetime.time(9, i % 60))
                ),
                opened_at=None if i % 2 else timezone.now(),
                acceptance_due=today + offset,
                reply_due=today + offset,
                close_due=today + offset + datetime.timedelta(days=7),
                very_overdue_on=today + offset + datetime.timedelta(days=7),
                was_late=i % 4 == 0,
                finding=list(Finding.values)[i % 3] if status in findings else "",
                answered_on=today - datetime.timedelta(days=3) if status == "answered" else None,
            )
        )
    return Complaint.objects.bulk_create(cases, batch_size=1000)


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_file(name="证据.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def complaint_form_data(department=None, **overrides):
    """POST data of a valid public complaint form (real name 张三丰, 13912345678)."""
    data = {
        "department": str(department.pk) if department is not None else "unknown",
        "kind": Kind.ATTITUDE,
        "description": "办理营业执照变更时，窗口人员态度恶劣，拒绝一次性告知所需材料。",
        "occurred_on": "",
        "place": "县行政服务中心二楼",
        "identity": "real",
        "name": REAL_NAME,
        "phone": REAL_PHONE,
        "website": "",
    }
    data.update(overrides)
    return data


# --- the case page and the clerk's and leader's actions (test_handling.py, test_conclusion.py,
# test_case_page.py) ------------------------------------------------------------------------

from complaints.models import Reply  # noqa: E402
from efficiency_center.review import State as ReviewState  # noqa: E402
from tests.factories import UserFactory  # noqa: E402


class ReplyFactory(factory.django.DjangoModelFactory):
    """A unit's reply, by default sent to the center (submitted) on a replied case."""

    class Meta:
        model = Reply

    complaint = factory.SubFactory(ComplaintFactory, status=Status.REPLIED)
    department = factory.LazyAttribute(lambda o: o.complaint.department)
    facts = "经核实，窗口工作人员确有态度生硬、未一次性告知的问题。"
    actions_taken = "已对当事人批评教育，窗口公示一次性告知清单。"
    state = ReviewState.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    created_by = factory.LazyAttribute(lambda o: UserFactory(role="staff", department=o.department))


def real_name_case(**kwargs):
    """ComplaintFactory with the complainant's name and phone passed explicitly: the `anonymous`
    trait's complainant__name/phone overrides above reach the Complainant even when the trait
    is off (factory_boy 3.3), so a plain ComplaintFactory() stores an empty name and phone."""
    if not kwargs.get("anonymous"):
        kwargs.setdefault("complainant__name", REAL_NAME)
        kwargs.setdefault("complainant__phone", REAL_PHONE)
    return ComplaintFactory(**kwargs)


def case_in(status, **kwargs):
    """A case already at `status`, with the dates and deadlines the steps before it set."""
    now = timezone.now()
    today = timezone.localdate()
    later = {
        Status.ACCEPTED: 1,
        Status.DECLINED: 2,
        Status.FORWARDED: 2,
        Status.DIRECT: 2,
        Status.REPLIED: 3,
        Status.CONCLUDING: 4,
        Status.PROPOSED: 5,
        Status.CONCLUDED: 6,
        Status.ANSWERED: 7,
        Status.CLOSED: 8,
    }.get(status, 0)
    defaults = {"status": status}
    if later >= 1:
        defaults.update(accepted_at=now, close_due=today + datetime.timedelta(days=21))
    if status in (Status.FORWARDED, Status.DECLINED) or later >= 3:
        defaults.update(
            forwarded_at=now,
            forwarded_text="群众反映窗口工作人员态度生硬，请核实处理。",
            reply_due=today + datetime.timedelta(days=14),
            decline_due=today + datetime.timedelta(days=3),
        )
    if later >= 6:
        defaults.update(concluded_at=now, finding=Finding.FALSE, findings="经查不属实。")
    if later >= 7:
        defaults.update(
            answered_on=today, answer_channel="phone", answer_text="已电话告知调查结果。"
        )
    defaults.update(kwargs)
    return real_name_case(**defaults)


def freeze_at(monkeypatch, day, hour=10):
    """Freeze timezone.now() (and so localdate()) at `day`, `hour` o'clock local time."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


# --- the unit's side, extensions and the deadline job (test_unit_side.py, test_extensions.py,
# test_reminders.py) ----------------------------------------------------------------------------

FORWARDED_TEXT = "有群众反映贵单位窗口办理营业执照变更时未一次性告知所需材料，请核实并答复。"


def forwarded_case(*, campaign, department, on, accepted_on=None, **kwargs):
    """A case forwarded to `department` at 10:00 local time on `on` (accepted on `accepted_on`,
    by default the same day), with the deadlines the forwarding computes from those dates."""
    accepted_on = accepted_on or on
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    accepted_at = timezone.make_aware(datetime.datetime.combine(accepted_on, datetime.time(9)))
    reply_due = deadlines.reply_due(campaign, on)
    defaults = {
        "campaign": campaign,
        "department": department,
        "status": Status.FORWARDED,
        "filed_at": accepted_at,
        "accepted_at": accepted_at,
        "close_due": deadlines.close_due(campaign, accepted_on),
        "forwarded_at": moment,
        "forwarded_text": FORWARDED_TEXT,
        "reply_due": reply_due,
        "decline_due": deadlines.decline_due(campaign, on),
        "very_overdue_on": deadlines.very_overdue_on(campaign, reply_due),
    }
    defaults.update(kwargs)
    return real_name_case(**defaults)
