"""Demo applications for 小店区 and 太原市市本级 in every state, with real attachment files, and the
approved trainee `trainee`, so the review desk and the trainees' pages have something to show."""
import datetime
import io
import random

from ...models import Application, User
from ...reference.codes import CATEGORY_GRADUATE, CATEGORY_YOUTH
from ...services import accounts, applications, attachments, idcard, review
from . import documents

OFFICES = (("140105", "xiaodian", 24), ("140100", "taiyuan", 12))  # (jurisdiction, its reviewer, how many)
GIVEN_NAMES = "子涵 浩然 欣怡 梓轩 雨桐 宇航 佳怡 俊杰 诗涵 思远 一诺 晨曦 明轩 若曦 博文 嘉怡 天宇 语嫣".split()
SCHOOLS = ("山西大学", "太原理工大学", "山西财经大学", "中北大学", "山西医科大学", "太原科技大学", "山西职业技术学院")
MAJORS = ("会计学", "计算机科学与技术", "市场营销", "护理学", "土木工程", "汉语言文学", "电子商务")
# Of every ten applications: six wait, two are approved, one rejected, one withdrawn.
OUTCOMES = ("pending",) * 6 + ("approved",) * 2 + ("rejected", "withdrawn")
GROUNDS = (("unclear_files",), ("labour_contract",), ("in_school", "unclear_files"), ("social_insurance",))


def seed_applications(rng: random.Random, password: str, now: datetime.datetime, store_in) -> str:
    if Application.select().exists():
        return "已有申请数据，未重复生成。"
    reviewers = {code: User.get(User.username == username) for code, username, _ in OFFICES}
    count = 0
    for code, _, how_many in OFFICES:
        for i in range(how_many):
            count += 1
            user = _applicant(rng, count, f"{'xd' if code == '140105' else 'ty'}{i + 1:02d}", code, password, now)
            submitted = now - datetime.timedelta(days=rng.randint(1, 70)) + datetime.timedelta(minutes=rng.randint(0, 480))
            application = _submit(rng, user, code, submitted, store_in)
            _settle(rng, application, OUTCOMES[i % len(OUTCOMES)], reviewers[code], now)
    trainee = _applicant(rng, count + 1, "trainee", "140105", password, now, real_name="陈晓雨")
    approved = _submit(rng, trainee, "140105", now - datetime.timedelta(days=20), store_in)
    review.decide(reviewers["140105"], approved.id, review.Decision(True), now - datetime.timedelta(days=18))
    return f"已生成 {count + 1} 份就业见习人员申请（小店区、太原市市本级），见习人员账号 trainee。"


def _applicant(rng, number: int, username, code, password, now, real_name=None) -> User:
    """A demo applicant; `number` makes the ID number unique (its sequence digits)."""
    birth = datetime.date(now.year - rng.randint(20, 24), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{code}{birth:%Y%m%d}{number:03d}"
    name = real_name or rng.choice("王李张刘陈杨赵黄周吴徐孙马胡郭") + rng.choice(GIVEN_NAMES)
    return accounts.create_user(accounts.NewUser(
        username, password, name, f"139{rng.randint(10000000, 99999999)}", first17 + idcard.check_digit(first17),
    ))


def _submit(rng, user: User, code: str, submitted: datetime.datetime, store_in) -> Application:
    person = idcard.parse(user.id_number, submitted.date())
    youth = rng.random() < 0.25
    left = submitted.date() - datetime.timedelta(days=rng.randint(30, 600))
    data = applications.ApplicationData(
        ethnicity="01", education="highschool" if youth else "bachelor",
        school="太原市第五中学" if youth else rng.choice(SCHOOLS), major="" if youth else rng.choice(MAJORS),
        graduation_month=f"{left:%Y-%m}", category=CATEGORY_YOUTH if youth else CATEGORY_GRADUATE,
        employment_card_no=f"1401{rng.randint(10**9, 10**10 - 1)}" if youth else "", mobile=user.mobile,
        household="山西省太原市小店区", address=f"太原市小店区长风街{rng.randint(1, 300)}号", jurisdiction=code,
    )
    seed = rng.randint(0, 999)
    files = {
        "id_front": ("身份证人像面.png", documents.id_front(seed)),
        "id_back": ("身份证国徽面.png", documents.id_back(seed)),
        "employment_card" if youth else "diploma": (
            "证明材料.pdf", documents.diploma_pdf(person.number, data.school, data.graduation_month)
        ),
    }
    stored = {
        kind: attachments.store(user, kind, io.BytesIO(content), name, store_in)
        for kind, (name, content) in files.items()
    }
    return applications.submit(user, data, stored, f"demo-{user.username}", submitted)


def _settle(rng, application: Application, outcome: str, reviewer: User, now: datetime.datetime) -> None:
    later = min(now, application.submitted_at + datetime.timedelta(days=rng.randint(1, 4)))
    if outcome == "approved":
        review.decide(reviewer, application.id, review.Decision(True), later)
    elif outcome == "rejected":
        decision = review.Decision(False, rng.choice(GROUNDS), "请重新拍摄后再申请。")
        review.decide(reviewer, application.id, decision, later)
    elif outcome == "withdrawn":
        applications.withdraw(application.user, application.id, later)
