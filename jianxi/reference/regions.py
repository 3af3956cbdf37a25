"""Shanxi's 11 cities and 117 counties, from the copy in jianxi/reference/data/."""
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).parent / "data" / "shanxi_divisions.json"
CITY_LEVEL_SUFFIX = "市本级"


class Choice(NamedTuple):
    code: str
    name: str


@lru_cache(maxsize=1)
def _divisions() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def cities() -> tuple[Choice, ...]:
    return tuple(Choice(c["code"], c["name"]) for c in _divisions()["cities"])


@lru_cache(maxsize=None)
def jurisdictions(city_code: str) -> tuple[Choice, ...]:
    """The offices of a city: its 市本级 first, then its counties. Empty for an unknown city."""
    for city in _divisions()["cities"]:
        if city["code"] == city_code:
            own = Choice(city["code"], CITY_LEVEL_SUFFIX)
            return (own,) + tuple(Choice(c["code"], c["name"]) for c in city["counties"])
    return ()


def is_city(code: str) -> bool:
    """True for a city's code, i.e. its 市本级 office."""
    return any(city.code == code for city in cities())


@lru_cache(maxsize=None)
def name_of(code: str) -> str:
    """A readable name for a city, county or 市本级 code, e.g. '太原市 小店区'."""
    for city in _divisions()["cities"]:
        if city["code"] == code:
            return f"{city['name']}{CITY_LEVEL_SUFFIX}"
        for county in city["counties"]:
            if county["code"] == code:
                return f"{city['name']} {county['name']}"
    return ""


def city_of(code: str) -> str | None:
    """The city code a jurisdiction code belongs to, or None if it is not in Shanxi."""
    for city in _divisions()["cities"]:
        if city["code"] == code or any(c["code"] == code for c in city["counties"]):
            return city["code"]
    return None


def rows() -> list[dict]:
    """Every city and county as a row of the region table (a county names its city)."""
    found = []
    for city in _divisions()["cities"]:
        found.append({"code": city["code"], "name": city["name"], "city": None})
        found.extend({"code": c["code"], "name": c["name"], "city": city["code"]} for c in city["counties"])
    return found
