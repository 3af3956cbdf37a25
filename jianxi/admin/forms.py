"""The operators' forms: a 月最低工资标准, a day of the 节假日安排 and a 见习补贴 rule, each checked by
its service's parse (services.wages, services.calendar_days, services.subsidy_rules), not by WTForms."""
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..forms.saving import RuleCheckedForm
from ..models import DAY_HOLIDAY, DAY_KINDS, PROVINCE
from ..reference import regions


def _places_by_city() -> dict[str, list[tuple[str, str]]]:
    """Grouped by city: the city itself (its 市本级 and counties without their own row) first."""
    return {
        city.name: [(city.code, f"{city.name}（全市）")]
        + [(j.code, j.name) for j in regions.jurisdictions(city.code)[1:]]
        for city in regions.cities()
    }


class MinimumWageForm(RuleCheckedForm):
    region = SelectField("地区", choices=[], validate_choice=False)
    effective_from = StringField("执行日期")
    yuan = StringField("月最低工资标准（元）")
    tier = StringField("档次")
    source = TextAreaField("来源")
    demo = BooleanField("演示数据（不是公布的标准）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = _places_by_city()


class CalendarDayForm(RuleCheckedForm):
    day = StringField("日期")
    kind = SelectField("类型", choices=[SelectChoice(kind, label) for kind, label in DAY_KINDS.items()],
                       default=DAY_HOLIDAY, validate_choice=False)
    name = StringField("节日")
    source = TextAreaField("来源")


class SubsidyRuleForm(RuleCheckedForm):
    region = SelectField("地区", choices=[], validate_choice=False)
    effective_from = StringField("执行日期")
    share_percent = StringField("补贴比例（%）")
    insurance_cap_yuan = StringField("意外伤害保险费补贴上限（元）")
    pays_remaining = BooleanField("提前留用的，剩余期限也发放见习补贴（剩余期限补贴）")
    retention_rate_percent = StringField("留用率达到（%）")
    retention_share_percent = StringField("按月最低工资标准的（%）")
    source = TextAreaField("来源")
    demo = BooleanField("演示数据（不是公布的规定）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = {"全省": [(PROVINCE, "山西省（全省）")]} | _places_by_city()
