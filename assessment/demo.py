"""The demo's findings of the eight checks (八查八看), written by the clerk through the services in
November and December: 县发改委 with three final findings and a draft, 县药监局 with two final and
a draft, and 县行政服务中心 with one final and one marked final, reopened with a reason when the
year-end satisfaction survey came in, changed and marked final again. Skipped when the campaign
has findings already."""

from .checks import Check, Rating
from .models import CheckFinding
from .services import check_finding_save, check_finding_step

FINAL, DRAFT = True, False

# unit code -> [(check, rating, text, final?)], in the order the clerk wrote them.
FINDINGS = {
    "D01": [
        (
            Check.BIG_PICTURE,
            Rating.GOOD,
            "承担市对县“固定资产投资增幅”考核指标，主题实践项目围绕该指标申报，里程碑按期推进，"
            "服务大局的意识强。",
            FINAL,
        ),
        (
            Check.APPROVALS,
            Rating.GOOD,
            "企业投资项目备案实行网上申报、“不见面审批”，核准类项目承诺时限压缩至法定时限的40%以内；"
            "抽查已取消的审批事项，未发现变相保留。",
            FINAL,
        ),
        (
            Check.PLEDGES,
            Rating.AVERAGE,
            "一、二季度践诺报告逾期报送；6月对一项承诺作了修正并重新公开，修正后的承诺已兑现；"
            "三季度一项承诺是否兑现待领导确认。",
            FINAL,
        ),
        (
            Check.ATTITUDE,
            Rating.AVERAGE,
            "回访中有企业反映政策解释不够耐心，待年终满意度测评结果出来后再定。",
            DRAFT,
        ),
    ],
    "D18": [
        (
            Check.PLEDGES,
            Rating.AVERAGE,
            "一季度有一项承诺经领导确认有诺不践并已公开通报；此后各季度按时践诺，整改到位。",
            FINAL,
        ),
        (
            Check.DISCIPLINE,
            Rating.FAIRLY_GOOD,
            "全年未收到为政不廉、党纪政令不畅方面的投诉；稽查大队涉企检查全部提前报备。",
            FINAL,
        ),
        (
            Check.SYSTEMS,
            Rating.FAIRLY_GOOD,
            "首办责任制、限时办结制已建立台账，跟踪服务制落实情况待年终检查核实。",
            DRAFT,
        ),
    ],
    "D35": [
        (
            Check.ATTITUDE,
            Rating.AVERAGE,
            "窗口服务态度方面的投诉经查部分属实，已责令整改；群众评价有待提高。",
            FINAL,
        ),
        (
            Check.QUALITY,
            Rating.FAIRLY_GOOD,
            "行政不作为、责任意识不强方面的投诉查实2件，已诫勉谈话、通报批评；窗口即办件比例提高。",
            FINAL,
        ),
    ],
}

# 县行政服务中心's 工作质量: reopened once the survey came in, changed, final again.
REOPENED = (
    "D35",
    Check.QUALITY,
    "年终满意度测评结果已出，据此调整等级。",
    Rating.AVERAGE,
    "行政不作为、责任意识不强方面的投诉查实2件，已诫勉谈话、通报批评；投诉答复仍有超期，年终"
    "满意度测评中“办事效率”一项得分偏低。",
)


def seed(county):
    campaign = county.campaign
    if CheckFinding.objects.filter(campaign=campaign).exists():
        return
    clerk = county.users["clerk"]
    day = 24
    for code, findings in FINDINGS.items():
        unit = county.units[code]
        for minute, (check, rating, text, final) in enumerate(findings):
            at = county.at(11, day, 15, minute * 10)
            finding = check_finding_save(
                campaign=campaign, department=unit, check=check, user=clerk, text=text,
                rating=rating, at=at,
            )  # fmt: skip
            if final:
                check_finding_step(
                    finding=finding, user=clerk, action="finalize",
                    expected_version=finding.version, at=county.at(11, day, 16, minute * 10),
                )  # fmt: skip
        day += 1
    code, check, reason, rating, text = REOPENED
    finding = CheckFinding.objects.get(campaign=campaign, department=county.units[code], item=check)
    check_finding_step(
        finding=finding, user=clerk, action="reopen", expected_version=finding.version,
        comment=reason, at=county.at(12, 3, 9),
    )  # fmt: skip
    finding = check_finding_save(
        campaign=campaign, department=finding.department, check=check, user=clerk, text=text,
        rating=rating, expected_version=finding.version, at=county.at(12, 3, 10),
    )  # fmt: skip
    check_finding_step(
        finding=finding, user=clerk, action="finalize", expected_version=finding.version,
        at=county.at(12, 3, 11),
    )  # fmt: skip
