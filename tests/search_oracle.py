"""What the public search must answer, written the plainest way and sharing no code with it.

Every position is read from the database as it is, and filtered and ordered here in Python: the
keyword as a substring of the title or the employer's name (case-insensitive), the county, else
the city, the 学历要求 (one, or any up to a trainee's own: 不限 < 高中/中专 < 大专 < 本科 < 硕士研究生 <
博士研究生), open and not past its deadline. The search's planner, index and walks are
compared with this, so a mistake in their filters cannot change the expected answer too.
"""
import datetime

from jianxi.models import Employer, Position

PAGE_SIZE = 20
EDUCATION_FROM_LOWEST = ["any", "secondary", "college", "bachelor", "master", "doctor"]


def every_position() -> list[dict]:
    employers = {e.id: e.name for e in Employer.select(Employer.id, Employer.name)}
    return [
        {"id": p.id, "title": p.title, "employer": employers[p.employer_id], "county": p.region_id,
         "city": p.city_id, "education": p.education, "status": p.status, "deadline": p.deadline,
         "published_at": p.published_at}
        for p in Position.select()
    ]


def answer(question: dict, today: datetime.date, rows: list[dict] | None = None) -> list[int]:
    """Ids of every match, in the page order the question's sort asks for."""
    rows = every_position() if rows is None else rows
    keyword = " ".join(question.get("q", "").split()).lower()
    county, city, education = question.get("county"), question.get("city"), question.get("education")
    at_most = question.get("education_at_most")

    def at_most_met(level: str) -> bool:
        return EDUCATION_FROM_LOWEST.index(level) <= EDUCATION_FROM_LOWEST.index(at_most)

    def matches(row: dict) -> bool:
        return (row["status"] == "open" and row["deadline"] >= today
                and (not county or row["county"] == county)
                and (not city or row["city"] == city)
                and (not education or row["education"] == education)
                and (education or not at_most or at_most_met(row["education"]))
                and (keyword in row["title"].lower() or keyword in row["employer"].lower()))

    found = [row for row in rows if matches(row)]
    if question.get("sort") == "deadline":
        found.sort(key=lambda row: (row["deadline"], row["id"]))
    else:
        found.sort(key=lambda row: (row["published_at"], row["id"]), reverse=True)
    return [row["id"] for row in found]


def page(ids: list[int], number: int) -> list[int]:
    return ids[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
