"""Code lists used by the application form and its review."""
from typing import NamedTuple

# GB 3304: the 56 ethnic groups, by code.
ETHNICITIES = {
    f"{i:02d}": name
    for i, name in enumerate(
        (
            "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
            "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
            "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
            "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
        ).split(),
        start=1,
    )
}

APPLICANT_EDUCATION = {
    "doctor": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "college": "大学专科",
    "secondary": "中专/技校",
    "highschool": "高中",
    "junior": "初中及以下",
}

CATEGORY_GRADUATE = "graduate"
CATEGORY_YOUTH = "youth"
CATEGORIES = {
    CATEGORY_GRADUATE: "离校2年内未就业高校毕业生",
    CATEGORY_YOUTH: "16–24岁失业青年",
}


class Ground(NamedTuple):
    """A usual ground for 审核不通过: the reviewer's label, what it means for the applicant, and what they can do."""

    label: str
    meaning: str
    what_to_do: str


REJECTION_GROUNDS = {
    "already_trained": Ground(
        "已参加过就业见习",
        "记录显示您已经参加过就业见习，每人只能参加一次。",
        "如果您认为记录有误，请带身份证到业务办理属地的公共就业服务机构核实。",
    ),
    "in_school": Ground(
        "仍在校就读",
        "材料显示您仍在校就读；就业见习面向已经离校的人员。",
        "毕业离校后可以重新申请。",
    ),
    "labour_contract": Ground(
        "已签订劳动合同",
        "记录显示您已与单位签订劳动合同，属于已就业。",
        "如果劳动合同已经解除，请带解除证明到公共就业服务机构办理失业登记后重新申请。",
    ),
    "social_insurance": Ground(
        "已缴纳社会保险",
        "记录显示您正在以职工身份缴纳社会保险，属于已就业。",
        "如果已经停止缴纳，可以在停缴后重新申请；有疑问请到公共就业服务机构核实。",
    ),
    "business_license": Ground(
        "持有营业执照",
        "记录显示您名下有营业执照，属于已创业。",
        "如果营业执照已经注销，可以在注销后重新申请。",
    ),
    "other_subsidy": Ground(
        "已享受其他就业补贴",
        "记录显示您正在享受其他就业补贴，不能同时享受见习补贴。",
        "其他补贴期满后可以重新申请；有疑问请咨询公共就业服务机构。",
    ),
    "unclear_files": Ground(
        "材料不清晰或不完整",
        "上传的附件看不清，或缺少需要的内容，无法核实。",
        "请重新拍摄清晰、四角完整、没有反光的照片，重新申请时上传。",
    ),
    "category_mismatch": Ground(
        "不符合人员类别条件",
        "您填报的人员类别与您的情况不符（离校超过2年，或年龄不在16至24周岁之间）。",
        "请核对毕业时间和年龄，按符合的人员类别重新申请；都不符合的，可以咨询公共就业服务机构的其他帮扶政策。",
    ),
}

# Grounds that are about the uploaded files: re-applying, those files are marked 请重新上传.
GROUNDS_ABOUT_FILES = {"unclear_files"}

# 单位类型 on a 认定 application.
UNIT_TYPES = {"enterprise": "企业", "institution": "事业单位", "social_org": "社会组织", "other": "其他"}

# 所属行业: the 20 sections (门类) of GB/T 4754-2017 《国民经济行业分类》, by letter.
INDUSTRIES = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}

# Usual grounds for 不予认定 (or for 退回补充, with what to add), as the office ticks them.
RECOGNITION_GROUNDS = {
    "licence_unclear": "营业执照不清晰或与单位信息不符",
    "no_mentor": "带教安排不足（缺少合适的带教老师）",
    "too_small": "参保职工人数过少，难以提供见习岗位",
    "not_operating": "单位经营状况异常（如被列入经营异常名录）",
    "wrong_office": "业务办理归属地选择有误",
    "other": "其他",
}
