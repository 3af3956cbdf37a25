"""The forms of the way from 收藏 to 上岗: the unit's steps toward a candidate, the 见习协议 and its
insurance, the trainee's answer, the office's 备案. Fields are plain text handed to the services'
rules (services.candidates, services.placements), which give the messages by field; these forms
only check their CSRF token and keep what was typed."""
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..models import ASSESSMENTS, LEAVE_REASONS, UNSUITABLE_REASONS
from .saving import RuleCheckedForm


def _text(label: str) -> StringField:
    return StringField(label)


def _one_of(label: str, words: dict[str, str]) -> RadioField:
    """Radio buttons of a code list (code → words); the service's rule says whether the choice is one."""
    return RadioField(label, choices=[SelectChoice(code, text) for code, text in words.items()], validate_choice=False)


class InviteForm(RuleCheckedForm):
    meet_at = StringField("面试时间")
    place = _text("面试地点")
    note = TextAreaField("备注（选填）")


class OfferForm(RuleCheckedForm):
    start_date = StringField("拟上岗日期")
    note = TextAreaField("说明（选填）")


class UnsuitableForm(RuleCheckedForm):
    reason = _one_of("不合适的原因", UNSUITABLE_REASONS)
    details = TextAreaField("具体说明")


class DeclineForm(RuleCheckedForm):
    reason = TextAreaField("婉拒原因（选填）")


class VersionForm(RuleCheckedForm):
    """确认协议 and 提交备案: the version of the agreement the person saw."""

    version = HiddenField()


class TermsForm(RuleCheckedForm):
    start_date = StringField("见习开始日期")
    months = SelectField("见习期限", choices=[SelectChoice(str(m), f"{m}个月") for m in range(3, 13)],
                         validate_choice=False)
    allowance = StringField("基本生活补助（元/月）")
    mentor = SelectField("带教老师", choices=[], validate_choice=False)
    working_hours = _text("工作时间")
    duties = TextAreaField("见习内容")
    terms = TextAreaField("其他约定（选填）")
    version = HiddenField()


class InsuranceForm(RuleCheckedForm):
    insurer = _text("保险公司")
    policy_number = _text("保单号")
    starts_on = StringField("保险起期")
    ends_on = StringField("保险止期")
    premium = StringField("保费（元）")


class FilingForm(RuleCheckedForm):
    outcome = _one_of("审核结果", {"file": "备案", "return": "退回修改"})
    reason = TextAreaField("退回原因")


# Ending a placement (services.endings): one form per way, on its own page.

class LeaveForm(RuleCheckedForm):
    last_day = StringField("最后见习日")
    leave_reason = _one_of("退出原因", LEAVE_REASONS)
    leave_note = TextAreaField("说明")


class HireForm(RuleCheckedForm):
    contract_on = StringField("劳动合同起始日")
    insured_from = StringField("社会保险缴纳起始日")


class AssessForm(RuleCheckedForm):
    assessment = _one_of("鉴定结果", ASSESSMENTS)
    assessment_text = TextAreaField("见习鉴定意见")


class RetainForm(RuleCheckedForm):
    retained = _one_of("是否留用", {"yes": "留用", "no": "未留用"})
    contract_on = StringField("劳动合同起始日（留用时填写）")


class MonthForm(RuleCheckedForm):
    """A month's record: attendance and the 基本生活补助 paid; `proof` is the id of a proof already
    uploaded with an earlier try, kept so that a message about another field loses no file."""

    days_attended = StringField("出勤天数")
    paid = StringField("实发基本生活补助（元）")
    paid_on = StringField("发放日期")
    proof = HiddenField()


class ClaimForm(RuleCheckedForm):
    quarter = HiddenField()
