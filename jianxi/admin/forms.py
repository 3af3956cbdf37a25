"""The operators' forms: one 月最低工资标准, checked by services.wages.parse (not by WTForms)."""
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from ..forms.saving import RuleCheckedForm
from ..reference import regions


class MinimumWageForm(RuleCheckedForm):
    region = SelectField("地区", choices=[], validate_choice=False)
    effective_from = StringField("执行日期")
    yuan = StringField("月最低工资标准（元）")
    tier = StringField("档次")
    source = TextAreaField("来源")
    demo = BooleanField("演示数据（不是公布的标准）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Grouped by city: the city itself (its 市本级 and counties without their own figure) first.
        self.region.choices = {
            city.name: [(city.code, f"{city.name}（全市）")]
            + [(j.code, j.name) for j in regions.jurisdictions(city.code)[1:]]
            for city in regions.cities()
        }
