"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17."""
import re

from .errors import ServiceError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V or Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registering department (1–9, A, N or Y), organisation category, area code, body identifier, check.
SHAPE = re.compile(rf"^[1-9ANY][1-9]\d{{6}}[{CHARSET}]{{10}}$")


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def normalize(raw: str) -> str:
    return "".join(raw.split()).upper()


def parse(raw: str) -> str:
    """The code in upper case, or a ServiceError saying what is wrong with it."""
    code = normalize(raw)
    if len(code) != 18:
        raise ServiceError("统一社会信用代码应为18位", field="credit_code")
    if not SHAPE.match(code):
        raise ServiceError("统一社会信用代码格式不正确：只含数字和大写字母（不含I、O、S、V、Z）", field="credit_code")
    if check_character(code[:17]) != code[17]:
        raise ServiceError("统一社会信用代码校验位不正确，请核对营业执照后重新输入", field="credit_code")
    return code
