"""Rules the suite keeps so that its verdict does not depend on the machine it runs on, and the
checks it makes on every page (tests/page_checks.py) can fail.

The service counts dates and times in Shanxi (config TIMEZONE), whatever the machine's zone; so
neither the service nor a test may read the machine's local date or time. Tests take "today" from
tests/clock.py or pass a fixed one; CI runs the suite under TZ=Etc/GMT+12 and TZ=Etc/GMT-14, where
at every hour of the day at least one of them is on another date than Shanxi.
"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The machine's local wall clock: date.today(), datetime.now() or .today() with no zone, the
# time module's local-time helpers, and a default=datetime.datetime.now on a model's field.
MACHINE_CLOCK = re.compile(
    r"\bdate\.today\(\)|\bdatetime\.(now|today)\(\s*\)|\btime\.(localtime|ctime|strftime)\(|default=datetime\.datetime\.now\b"
)
ALLOWED = {
    ROOT / "tests" / "test_suite_rules.py",  # names the pattern
}


def machine_clock_reads(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MACHINE_CLOCK.search(line):
                found.append(f"{path.relative_to(folder)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("folder", ["jianxi", "tests"])
def test_nothing_reads_the_machines_local_date_or_time(folder):
    assert machine_clock_reads(ROOT / folder) == [], "use jianxi.services.clock (service) or tests.clock (tests)"


def test_the_rule_finds_what_it_forbids(tmp_path):
    (tmp_path / "test_sample.py").write_text(
        "TODAY = datetime.date.today()\nNOW = datetime.datetime.now()\nok = datetime.datetime.now(ZONE)\n"
        "at = DateTimeField(default=datetime.datetime.now)\nalso_ok = DateTimeField(default=clock.now)\n"
    )
    assert [line.split(":")[1] for line in machine_clock_reads(tmp_path)] == ["1", "2", "4"]


def test_the_page_check_names_each_htmx_reference_to_a_missing_id():
    from tests.page_checks import missing_ids

    page = ('<div id="list"></div><form data-hx-post="/x" data-hx-target="#applications"></form>'
            '<a data-hx-get="/y" data-hx-target="closest #list" data-hx-include="#list, #filters">下一页</a>'
            '<button data-hx-target="this">收藏</button>')
    assert missing_ids(page) == ['<form data-hx-target="#applications">', '<a data-hx-include="#filters">']


@pytest.mark.parametrize("head, problem", [
    ('<meta name="description" content="见习岗位查询：按地区查询。">', None),
    ("<title>x</title>", "0 meta descriptions, not one"),
    ('<meta name="description" content=" ">', "an empty meta description"),
    ('<meta name="description" content="一"><meta name="description" content="二">', "2 meta descriptions, not one"),
])
def test_the_page_check_wants_one_meta_description_that_says_something(head, problem):
    from tests.page_checks import description_problem

    assert description_problem(f"<!doctype html><html><head>{head}</head><body></body></html>") == problem
