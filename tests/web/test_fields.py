"""Form fields (web/fields.py): a select whose options are rendered once per list and chosen value
says exactly what WTForms' own select says, whichever value each request chose."""
from wtforms import Form, SelectField
from wtforms.widgets import Select

from jianxi.reference.codes import ETHNICITIES
from jianxi.web import fields

CHOICES = fields.options(ETHNICITIES.items())


class Once(Form):
    ethnicity = SelectField("民族", choices=CHOICES, widget=fields.OptionsOnceSelect(), validate_choice=False)


class WTFormsOwn(Form):
    ethnicity = SelectField("民族", choices=CHOICES, widget=Select(), validate_choice=False)


def test_options_rendered_once_are_wtforms_own_for_each_chosen_value():
    for chosen in ("03", "", "01", "03", "56", "no such code"):
        attrs = {"aria-describedby": "ethnicity-hint", "data-hx-get": "/x?a=1&b=<2>"}
        once = Once(data={"ethnicity": chosen}).ethnicity(**attrs)
        own = WTFormsOwn(data={"ethnicity": chosen}).ethnicity(**attrs)
        assert once == own, chosen
        assert once.count(" selected ") + once.count(" selected>") == (chosen in ETHNICITIES or chosen == "")


def test_option_with_attributes_of_its_own_is_rendered_by_wtforms():
    choices = [fields.SelectChoice("", "请选择"), fields.SelectChoice("01", "汉族", render_kw={"disabled": True})]
    field = SelectField("民族", choices=choices, widget=fields.OptionsOnceSelect()).bind(Form(), "ethnicity")
    field.process(None)
    assert '<option disabled value="01">汉族</option>' in field()
