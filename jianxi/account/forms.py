"""通知设置's form: per group of notices, 短信 and 电子邮件 ticked or not; the e-mail address
(services.notice_settings judges it)."""
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice

from ..models import GROUPS
from ..web.fields import strip

GROUP_CHOICES = [SelectChoice(group, label) for group, label in GROUPS.items()]


class NoticesForm(FlaskForm):
    # An unknown group is ignored by the service, not shown as an error no one could make by hand.
    by_sms = SelectMultipleField("短信", choices=GROUP_CHOICES, validate_choice=False)
    by_email = SelectMultipleField("电子邮件", choices=GROUP_CHOICES, validate_choice=False)
    email = StringField("电子邮箱（选填）", filters=[strip])

    @classmethod
    def of(cls, settings):
        """The form as the person's settings fill it: their choices (or the defaults) and address."""
        return cls(data={
            "by_sms": [group for group, (sms, _) in settings.choices.items() if sms],
            "by_email": [group for group, (_, mail) in settings.choices.items() if mail],
            "email": settings.email.address if settings.email else "",
        })
