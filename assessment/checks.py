"""八查八看 (seed 001, (二十一)): the eight checks, in the seed's order and words, what each one
looks at (看…), the clerk's rating scale, and which records of the system tell about each check.

The seed: "要以“八查八看”为重点，即：查大局意识，看服务大局的观念牢不牢、
管理就是服务的意识是否增强；查服务态度，看…；…查行政性收费项目，看有无乱收费行为".
The Chinese words are the zh_Hans catalog's translations of the labels below
(tests/assessment/test_checks.py compares them with the seed).

Which records tell about a check (the seeds give no table; this is ours, from their words):
- complaint kinds (seed 003 §三.2, read by their codes):
  服务态度差 → 服务态度 (门难进、脸难看、话难听、事难办 in both seeds);
  办事效率低下, 行政不作为, 干部事业责任心不强 → 工作质量 (办事效率; 推诿扯皮、办事拖拉;
  工作不负责任); 为政不廉, 党纪政令不畅 → 法纪观念 (政令畅通; 吃、拿、卡、要);
  行政乱作为 → 制度建设 (行政行为不规范、执法不严) and 行政性收费项目 (乱收费、乱摊派).
- the notice's focus areas (seed 000 §四.2) of pledge items and achievements:
  服务提质 → 服务态度, 规范执法 → 法纪观念, 执行制度 → 制度建设,
  审批提速 → 审批事项 (working days saved), 控减收费 → 行政性收费项目 (money saved).
- 承诺事项: the published pledge, its quarterly 践诺 and the pledges not kept (有诺不践);
  大局意识: the practice projects under the campaign's themes or the unit's city-to-county
  assessment indicator, and their progress.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from complaints.models import Kind
from efficiency_center.vocabulary import FocusArea


class Check(models.TextChoices):
    """The eight checks, in the seed's order."""

    BIG_PICTURE = "big_picture", _("Sense of the overall situation")
    ATTITUDE = "attitude", _("Service attitude")
    QUALITY = "quality", _("Quality of work")
    DISCIPLINE = "discipline", _("Respect for law and discipline")
    PLEDGES = "pledges", _("Pledged matters")
    SYSTEMS = "systems", _("Building of rules and systems")
    APPROVALS = "approvals", _("Approval matters")
    FEES = "fees", _("Administrative fee items")


# What each check looks at (看…), the seed's words.
LOOKS_AT = {
    Check.BIG_PICTURE: _(
        "Whether the commitment to serving the overall situation is firm, and whether the "
        "awareness that administration is service has grown"
    ),
    Check.ATTITUDE: _(
        "Whether staff have overcome “hard to get in, cold faces, harsh words, hard to get "
        "things done”"
    ),
    Check.QUALITY: _(
        "Whether efficiency has improved, and whether irresponsibility, passing the buck and "
        "dragging feet have been solved"
    ),
    Check.DISCIPLINE: _(
        "Whether government orders are carried out, and whether corrupt conduct such as "
        "“eating, taking, obstructing, demanding, claiming” has been corrected"
    ),
    Check.PLEDGES: _("Whether the services pledged to the public have all been delivered"),
    Check.SYSTEMS: _(
        "Whether the service pledge system, post pledge system, first-contact responsibility "
        "system, time-limited completion system, follow-up service system, prior review of "
        "normative documents and the other systems set up are fully in force"
    ),
    Check.APPROVALS: _("Whether the administrative approvals abolished are really abolished"),
    Check.FEES: _("Whether any fees are charged arbitrarily"),
}


class Rating(models.TextChoices):
    """The clerk's rating of a check: the seeds give no scale for 八查八看, so a plain four-level
    one (好、较好、一般、差)."""

    GOOD = "good", pgettext_lazy("check rating", "Good")
    FAIRLY_GOOD = "fairly_good", pgettext_lazy("check rating", "Fairly good")
    AVERAGE = "average", pgettext_lazy("check rating", "Average")
    POOR = "poor", pgettext_lazy("check rating", "Poor")


# The complaint kinds that tell about a check (by code: the labels are the seed's words).
COMPLAINT_KINDS = {
    Check.ATTITUDE: (Kind.ATTITUDE,),
    Check.QUALITY: (Kind.INEFFICIENCY, Kind.INACTION, Kind.RESPONSIBILITY),
    Check.DISCIPLINE: (Kind.INTEGRITY, Kind.ORDERS),
    Check.SYSTEMS: (Kind.MISCONDUCT,),
    Check.FEES: (Kind.MISCONDUCT,),
}

# The focus area whose pledge items and achievements tell about a check.
FOCUS_AREAS = {
    Check.ATTITUDE: FocusArea.SERVICE,
    Check.DISCIPLINE: FocusArea.ENFORCEMENT,
    Check.SYSTEMS: FocusArea.RULES,
    Check.APPROVALS: FocusArea.APPROVAL,
    Check.FEES: FocusArea.FEES,
}
