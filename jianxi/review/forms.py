"""The office side's forms: 审核不通过, 见习单位, 见习岗位, 结束招募, 统计's period, and the 认定 of units,
their accounts and the positions they propose."""
import datetime

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..forms.positions import PositionFields
from ..forms.saving import RuleCheckedForm
from ..reference.codes import RECOGNITION_GROUNDS, REJECTION_GROUNDS
from ..services import recognition
from ..services.review import Decision
from ..web import fields


class RejectForm(FlaskForm):
    grounds = SelectMultipleField(
        "不通过原因",
        choices=[SelectChoice(code, ground.label) for code, ground in REJECTION_GROUNDS.items()],
        validate_choice=False,
    )
    details = TextAreaField("补充说明", filters=[fields.strip])
    # Set by the confirmation step: the reviewer has seen what will be sent to the applicant.
    confirmed = HiddenField()

    def decision(self) -> Decision:
        return Decision(approve=False, grounds=tuple(self.grounds.data or ()), details=self.details.data or "")

    def validate(self, extra_validators=None) -> bool:
        """The CSRF token here; what makes a rejection complete is the service's rule (Decision.problem)."""
        valid = super().validate(extra_validators)
        problem = self.decision().problem()
        if problem:
            field, message = problem
            self[field].errors.append(message)
        return valid and problem is None


class EmployerForm(RuleCheckedForm):
    name = StringField("单位名称")
    credit_code = StringField("统一社会信用代码")
    region = SelectField("属地", choices=[], validate_choice=False)
    address = StringField("单位地址")
    contact_person = StringField("联系人")
    phone = StringField("联系电话")


class PositionForm(PositionFields):
    """The office's: any unit it keeps."""

    employer = SelectField("见习单位", choices=[], validate_choice=False)


class PeriodForm(Form):
    """统计's 从 / 到: a GET filter, so no CSRF token; services.stats checks the dates."""

    start = StringField("从")
    end = StringField("到")

    def show(self, period, errors: dict[str, str]) -> None:
        """The dates as typed beside their messages, or the period counted when they were fine. A
        date box holds only a real date, so one that is not (typed into the address) is emptied."""
        for name, message in errors.items():
            self[name].errors = [message]
            if not _is_date(self[name].data):
                self[name].data = ""
        if not errors:
            self.start.data, self.end.data = period.start.isoformat(), period.end.isoformat()


def _is_date(text) -> bool:
    try:
        datetime.date.fromisoformat(str(text or ""))
    except ValueError:
        return False
    return len(str(text)) == 10


# 认定's three outcomes as the office reads them (services.recognition.Decision's codes).
RECOGNITION_OUTCOMES = {recognition.RECOGNISE: "已认定", recognition.REFUSE: "不予认定", recognition.RETURN: "退回补充"}


class RecognitionDecisionForm(FlaskForm):
    """已认定, 不予认定 (grounds ticked) or 退回补充 (what to add): checked by the service's rule, then confirmed."""

    outcome = RadioField(
        "审核结果", choices=[SelectChoice(code, label) for code, label in RECOGNITION_OUTCOMES.items()],
        validate_choice=False,
    )
    grounds = SelectMultipleField(
        "原因", choices=[SelectChoice(code, label) for code, label in RECOGNITION_GROUNDS.items()], validate_choice=False,
    )
    details = TextAreaField("说明", filters=[fields.strip])
    # Set by the confirmation step: the reviewer has seen what the unit will be told.
    confirmed = HiddenField()

    def decision(self) -> recognition.Decision:
        outcome = self.outcome.data or ""
        # Grounds ticked before choosing 已认定 are not a recognised unit's grounds.
        grounds = () if outcome == recognition.RECOGNISE else tuple(self.grounds.data or ())
        return recognition.Decision(outcome, grounds, self.details.data or "")

    def validate(self, extra_validators=None) -> bool:
        """The CSRF token here; what makes a decision complete is the service's rule (Decision.problem)."""
        valid = super().validate(extra_validators)
        problem = self.decision().problem()
        if problem:
            field, message = problem
            self[field].errors.append(message)
        return valid and problem is None


class RevokeForm(FlaskForm):
    reason = TextAreaField("取消认定的原因", filters=[fields.strip])


class RefuseAccountForm(FlaskForm):
    reason = TextAreaField("不予确认的原因", filters=[fields.strip])


class SendBackForm(FlaskForm):
    reason = TextAreaField("需要修改的内容", filters=[fields.strip])
