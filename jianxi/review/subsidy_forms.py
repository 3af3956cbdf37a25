"""The office's forms of the subsidy: 审核 of a claim, 发布公示, 异议 and 拨付. Fields are plain text
handed to the services' rules (services.claims, services.batches), which give the messages by
field; these forms check their CSRF token and keep what was typed. A claim's lines and a batch's
objections are drawn per line by the pages (their inputs named by the line's id)."""
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from ..forms.saving import RuleCheckedForm


class TokenForm(FlaskForm):
    """A form whose only checked field is its CSRF token; the page draws the rest per line."""


class PublishForm(RuleCheckedForm):
    contact = TextAreaField("异议受理方式（联系方式）")


class PayForm(RuleCheckedForm):
    paid_on = StringField("拨付日期")
    voucher = StringField("凭证号")
