"""审核不通过: the usual grounds to tick, and optional details."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .. import fields
from ..reference import REJECTION_GROUNDS
from ..services.applications import Decision


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
