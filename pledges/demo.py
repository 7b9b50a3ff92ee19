"""Believable pledges for the demo county, made through the services so that every record has
its history: 县发改委 published (and corrected in June), 县药监局 published with one item found
not kept, 县财政局 submitted, 县环保局 returned with a comment, 县药监局稽查大队 signed and awaiting
县药监局, and fulfilment reports for the past quarters. Skipped when the campaign has pledges."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from efficiency_center.review import document_step

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


def _step(pledge, user, action, at, comment=""):
    pledge.refresh_from_db()
    document_step(
        document=pledge,
        user=user,
        action=action,
        expected_version=pledge.version,
        comment=comment,
        at=at,
    )


def _publish(pledge, clerk, channel, at):
    pledge.refresh_from_db()
    services.pledge_publish(
        pledge=pledge,
        user=clerk,
        expected_version=pledge.version,
        channel=channel,
        publication_date=timezone.localdate(at),
        at=at,
    )
    return pledge


def _report(pledge, quarter, staff, head, clerk, days, *, accept=True):
    """Started, signed off and (unless `accept` is False) accepted on the three `days`."""
    started, submitted, accepted = days
    report = services.fulfilment_start(pledge=pledge, quarter=quarter, user=staff, at=started)
    entries = [
        EntryData(id=entry.pk, text=FULFILMENT[n % len(FULFILMENT)])
        for n, entry in enumerate(report.entries.all())
    ]
    services.fulfilment_save(
        report=report, user=staff, expected_version=report.version, entries=entries, at=started
    )
    _step(report, head, "submit", submitted)
    if accept:
        report.refresh_from_db()
        services.fulfilment_accept(
            report=report, user=clerk, expected_version=report.version, at=accepted
        )
    return report


def _evidence(name):
    return SimpleUploadedFile(name, _EVIDENCE_PDF, content_type="application/pdf")


def seed(county):
    campaign, users, at = county.campaign, county.users, county.at
    if Pledge.objects.filter(campaign=campaign).exists():
        return
    clerk, leader = users["clerk"], users["leader"]

    # 县发改委: published after the TV pledge, corrected in June (revision 2).
    fgw = services.pledge_start(user=users["fgw_staff"], campaign=campaign, at=at(3, 10))
    items = _items(fgw) + [ItemData(text=FGW_EXTRA[0], focus_area=FGW_EXTRA[1])]
    services.pledge_save(
        pledge=fgw, user=users["fgw_staff"], expected_version=fgw.version, items=items
    )
    _step(fgw, users["fgw_head"], "submit", at(3, 16))
    fgw = _publish(fgw, clerk, Channel.TV_STUDIO, at(3, 21, 15))
    _report(fgw, 1, users["fgw_staff"], users["fgw_head"], clerk, (at(3, 25), at(3, 27), at(3, 30)))
    fgw2 = services.pledge_start_correction(pledge=fgw, user=users["fgw_staff"], at=at(6, 10))
    items = _items(fgw2)
    items[-1] = ItemData(id=items[-1].id, text=FGW_EXTRA_CORRECTED[0], focus_area="approval")
    services.pledge_save(
        pledge=fgw2, user=users["fgw_staff"], expected_version=fgw2.version, items=items
    )
    _step(fgw2, users["fgw_head"], "submit", at(6, 19))
    fgw2 = _publish(fgw2, clerk, Channel.WEB, at(6, 28))
    fgw_staff, fgw_head = users["fgw_staff"], users["fgw_head"]
    _report(fgw2, 2, fgw_staff, fgw_head, clerk, (at(6, 29), at(6, 30, 11), at(7, 3)))
    _report(fgw2, 3, fgw_staff, fgw_head, clerk, (at(9, 15), at(9, 18), None), accept=False)

    # 县药监局: published; item 5 (inspections reported in advance) not kept in Q2.
    ypj = services.pledge_start(user=users["ypj_staff"], campaign=campaign, at=at(3, 9))
    _step(ypj, users["ypj_head"], "submit", at(3, 15))
    ypj = _publish(ypj, clerk, Channel.TV_STUDIO, at(3, 22, 15))
    ypj_staff, ypj_head = users["ypj_staff"], users["ypj_head"]
    _report(ypj, 1, ypj_staff, ypj_head, clerk, (at(3, 26), at(3, 28), at(3, 31)))
    _report(ypj, 2, ypj_staff, ypj_head, clerk, (at(6, 15), at(6, 18), at(6, 23)))
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
        at=at(5, 20),
    )
    services.broken_pledge_decide(
        broken=broken, user=leader, action="approve", expected_version=1, at=at(5, 25)
    )

    # 县药监局稽查大队: signed by its own head, awaiting 县药监局's endorsement.
    jcdd = services.pledge_start(user=users["jcdd_staff"], campaign=campaign, at=at(3, 12))
    _step(jcdd, users["jcdd_head"], "submit", at(3, 17))

    # 县财政局 (not an approval department): submitted, waiting for the clerk.
    czj = services.pledge_start(user=users["czj_staff"], campaign=campaign, at=at(3, 11))
    _step(czj, users["czj_head"], "submit", at(3, 19))

    # 县环保局: personalised item 4, returned by the clerk with a comment.
    hbj = services.pledge_start(user=users["hbj_staff"], campaign=campaign, at=at(3, 10))
    items = _items(hbj)
    items[3] = ItemData(id=items[3].id, text=HBJ_ITEM_4, focus_area="approval")
    services.pledge_save(
        pledge=hbj, user=users["hbj_staff"], expected_version=hbj.version, items=items
    )
    _step(hbj, users["hbj_head"], "submit", at(3, 16))
    _step(hbj, clerk, "return", at(3, 18), HBJ_RETURN_COMMENT)

    # A second record, still waiting for the leader.
    services.broken_pledge_record(
        item=fgw2.items.get(position=3),
        quarter=3,
        description="8月有群众反映到县发改委窗口咨询项目备案时被告知“找别的科室”，未落实首问负责。",
        evidence=[_evidence("群众来电记录.pdf")],
        user=users.get("clerk2", clerk),
        at=at(8, 20),
    )
