"""The reference pledge of seed 000 附件3 (“优服务、助发展”公开承诺(参考)).

This is the official wording the center hands to every unit, so it is data, not interface text:
it stays in Chinese whatever the user's language, and every word of it is the notice's (a test
compares it with the seed). Item 4 has two wordings; the original gives the non-approval
direction only in a bracket ("非审批部门从进一步创新服务方式、搭建服务载体(平台)、优化服务流程、
精简服务环节、压缩服务时限等方面作出承诺"): for those units item 4 is the item's own opening
followed by the bracket's list, word for word, with nothing added.
"""

from dataclasses import dataclass

# "{unit}" is the department's full name.
OPENING = "{unit}向县委、县政府和全县人民郑重承诺："
CLOSING = "以上承诺欢迎社会各界人士监督！"
GUIDANCE = "各单位可根据自身实际或行业特点，拟定个性化承诺内容，做到简洁、实在、好操作。"


@dataclass(frozen=True)
class ReferenceItem:
    text: str
    focus_area: str  # an efficiency_center.vocabulary.FocusArea value


def _item(text, focus_area):
    return ReferenceItem(text=text, focus_area=focus_area)


ITEM_1 = _item(
    "以党的群众路线教育实践活动为抓手，认真开展“优服务、助发展”主题实践活动，努力践行101%服务。",
    "service",
)
ITEM_2 = _item(
    "以优良作风提升执行力，坚决贯彻落实县委、县政府“一主四辅”、“12345”、“中国荷花展”等重大战略"
    "决策部署，全力完成市、县下达的各项目标任务。",
    "rules",
)
ITEM_3 = _item(
    "严格执行《首问负责制》，继续发扬“五办”精神，做到马上办、主动办、上门办、公开办、灵活办，"
    "一办到底。",
    "service",
)
ITEM_4_APPROVAL = _item(
    "严格执行《限时办结制》，主动调整流程、精简环节、压缩时限，加快项目建设进程，积极构建与容缺模拟"
    "(并联)审批相适应的服务体系，打造项目“落地、建设、投产”高速通道，进一步提速增效。",
    "approval",
)
ITEM_4_OPENING = "严格执行《限时办结制》，"
NON_APPROVAL_DIRECTIONS = (
    "进一步创新服务方式、搭建服务载体(平台)、优化服务流程、精简服务环节、压缩服务时限"
)
ITEM_4_SERVICE = _item(ITEM_4_OPENING + NON_APPROVAL_DIRECTIONS + "。", "service")
ITEM_5 = _item(
    "严格执行《金湖县涉企检查(处罚)报备制度》，做到“无过错不打扰，无依据不检查”。进一步规范自由"
    "裁量权行使，坚持“首错不罚、轻微不罚”，对照自由裁量基准，所有行政处罚一律按下限执行。",
    "enforcement",
)
ITEM_6 = _item(
    "进一步规范收费行为，坚持亮证收费、按标准收费，坚决贯彻落实上级党委、政府助企惠商利民政策，"
    "做到宣传到位、帮扶到位、兑现到位。",
    "fees",
)


def items_for(department):
    """The six reference items for `department`, item 4 chosen by its approval duty."""
    fourth = ITEM_4_APPROVAL if department.approval_duty else ITEM_4_SERVICE
    return [ITEM_1, ITEM_2, ITEM_3, fourth, ITEM_5, ITEM_6]


def opening_for(department):
    return OPENING.format(unit=department.name)
