"""Believable pledges for the demo county, made through the services so that every record has
its history: 县发改委 published (and corrected in June), 县药监局 published with one item found
not kept, 县财政局 submitted, 县环保局 returned with a comment, 县药监局稽查大队 signed and awaiting
县药监局, and fulfilment reports for the past quarters. Skipped when the campaign has pledges."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import Channel, Pledge
from .services import EntryData, ItemData

# A one-page PDF: the demo's stand-in for a scanned inspection record.
_EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

FGW_EXTRA = (
    "企业投资项目备案实行网上申报、“不见面审批”，材料齐全的当场办结，全年备案办理时间不超过1个工作日。",
    "approval",
)
FGW_EXTRA_CORRECTED = (
    "企业投资项目备案实行网上申报、“不见面审批”，材料齐全的即时办结；核准类项目承诺时限压缩至法定"
    "时限的40%以内。",
    "approval",
)
HBJ_ITEM_4 = (
    "严格执行《限时办结制》，建设项目环评审批实行容缺受理、并联审批，报告表审批由法定30个工作日"
    "压缩至10个工作日内。"
)
HBJ_RETURN_COMMENT = (
    "第4条请写明报告书的审批时限，并与县行政服务中心环保窗口的承诺保持一致；第6条请列出本局收费"
    "项目的公示位置。"
)

FULFILMENT = [
    "本季度组织全体干部学习主题实践活动方案，开展“走企业、解难题”活动3次，走访企业26家。",
    "制定年度目标任务分解表，逐月督查进度，一季度各项指标完成序时进度。",
    "首问负责登记台账记录来访来电112件，均一次性告知，办结率100%。",
    "审批事项平均办理时限由5个工作日压缩至2个工作日，容缺受理项目4个。",
    "涉企检查全部提前报备，本季度未发生无依据检查。",
    "收费项目全部在大厅公示栏亮证公示，落实减免政策惠及企业9家。",
    "新增事项按承诺办理，做到当场办结。",
]


def _items(pledge):
    return [ItemData(id=i.pk, text=i.text, focus_area=i.focus_area) for i in pledge.items.all()]


def _fresh(pledge):
    pledge.refresh_from_db()
    return pledge


def _act(pledge, user, action, comment=""):
    pledge.refresh_from_db()
    services.pledge_act(
        pledge=pledge, user=user, action=action, expected_version=pledge.version, comment=comment
    )


def _publish(pledge, clerk, channel, day):
    pledge = _fresh(pledge)
    services.pledge_publish(
        pledge=pledge,
        user=clerk,
        expected_version=pledge.version,
        channel=channel,
        publication_date=day,
    )
    return pledge


def _report(pledge, quarter, staff, head, clerk, *, accept=True):
    report = services.fulfilment_start(pledge=pledge, quarter=quarter, user=staff)
    entries = [
        EntryData(id=entry.pk, text=FULFILMENT[n % len(FULFILMENT)])
        for n, entry in enumerate(report.entries.all())
    ]
    services.fulfilment_save_draft(
        report=report, user=staff, expected_version=report.version, entries=entries
    )
    report.refresh_from_db()
    services.fulfilment_act(
        report=report, user=head, action="submit", expected_version=report.version
    )
    if accept:
        report.refresh_from_db()
        services.fulfilment_accept(report=report, user=clerk, expected_version=report.version)
    return report


def _evidence(name):
    return SimpleUploadedFile(name, _EVIDENCE_PDF, content_type="application/pdf")


def seed(county):
    campaign, users = county.campaign, county.users
    if Pledge.objects.filter(campaign=campaign).exists():
        return
    clerk, leader = users["clerk"], users["leader"]
    year = campaign.year

    # 县发改委: published after the TV pledge, corrected in June (revision 2).
    fgw = services.pledge_start(user=users["fgw_staff"], campaign=campaign)
    items = _items(fgw) + [ItemData(text=FGW_EXTRA[0], focus_area=FGW_EXTRA[1])]
    services.pledge_save_draft(
        pledge=fgw, user=users["fgw_staff"], expected_version=fgw.version, items=items
    )
    _act(fgw, users["fgw_head"], "submit")
    fgw = _publish(fgw, clerk, Channel.TV_STUDIO, datetime.date(year, 3, 21))
    _report(fgw, 1, users["fgw_staff"], users["fgw_head"], clerk)
    fgw2 = services.pledge_start_correction(pledge=fgw, user=users["fgw_staff"])
    items = _items(fgw2)
    items[-1] = ItemData(id=items[-1].id, text=FGW_EXTRA_CORRECTED[0], focus_area="approval")
    services.pledge_save_draft(
        pledge=fgw2, user=users["fgw_staff"], expected_version=fgw2.version, items=items
    )
    _act(fgw2, users["fgw_head"], "submit")
    fgw2 = _publish(fgw2, clerk, Channel.WEB, datetime.date(year, 6, 28))
    _report(fgw2, 2, users["fgw_staff"], users["fgw_head"], clerk)
    _report(fgw2, 3, users["fgw_staff"], users["fgw_head"], clerk, accept=False)

    # 县药监局: published; item 5 (inspections reported in advance) not kept in Q2.
    ypj = services.pledge_start(user=users["ypj_staff"], campaign=campaign)
    _act(ypj, users["ypj_head"], "submit")
    ypj = _publish(ypj, clerk, Channel.TV_STUDIO, datetime.date(year, 3, 22))
    _report(ypj, 1, users["ypj_staff"], users["ypj_head"], clerk)
    _report(ypj, 2, users["ypj_staff"], users["ypj_head"], clerk)
    item_5 = ypj.items.get(position=5)
    broken = services.broken_pledge_record(
        item=item_5,
        quarter=2,
        description=(
            "5月12日，县药监局执法人员未按《金湖县涉企检查(处罚)报备制度》报备，即对城区一家连锁"
            "药店开展现场检查，经企业投诉、中心核查属实。"
        ),
        evidence=[_evidence("5月12日检查情况核查记录.pdf")],
        user=clerk,
    )
    services.broken_pledge_confirm(broken=broken, user=leader)

    # 县药监局稽查大队: signed by its own head, awaiting 县药监局's endorsement.
    jcdd = services.pledge_start(user=users["jcdd_staff"], campaign=campaign)
    _act(jcdd, users["jcdd_head"], "submit")

    # 县财政局 (not an approval department): submitted, waiting for the clerk.
    czj = services.pledge_start(user=users["czj_staff"], campaign=campaign)
    _act(czj, users["czj_head"], "submit")

    # 县环保局: personalised item 4, returned by the clerk with a comment.
    hbj = services.pledge_start(user=users["hbj_staff"], campaign=campaign)
    items = _items(hbj)
    items[3] = ItemData(id=items[3].id, text=HBJ_ITEM_4, focus_area="approval")
    services.pledge_save_draft(
        pledge=hbj, user=users["hbj_staff"], expected_version=hbj.version, items=items
    )
    _act(hbj, users["hbj_head"], "submit")
    _act(hbj, clerk, "return", HBJ_RETURN_COMMENT)

    # A second record, still waiting for the leader.
    services.broken_pledge_record(
        item=fgw2.items.get(position=3),
        quarter=3,
        description="8月有群众反映到县发改委窗口咨询项目备案时被告知“找别的科室”，未落实首问负责。",
        evidence=[_evidence("群众来电记录.pdf")],
        user=users.get("clerk2", clerk),
    )
