"""见习补贴's rules as data: the one in force for a place on a date, kept by operators.

A rule is for the whole province (models.PROVINCE), a city (its 市本级 and every county without a
row of its own) or a county, in force from its `effective_from` until the next row of the same
place; the most local one in force wins, as with the minimum wages (services.wages)."""
import datetime

from ..models import PROVINCE, SubsidyRule
from ..reference import regions


def in_force(region_code: str, on: datetime.date) -> SubsidyRule | None:
    """The rule in force on `on` for a county (or a city's 市本级): its own, its city's, the province's."""
    places = [region_code]
    city = regions.city_of(region_code)
    if city and city != region_code:
        places.append(city)
    places.append(PROVINCE)
    for place in places:
        rule = (SubsidyRule.select()
                .where((SubsidyRule.region_code == place) & (SubsidyRule.effective_from <= on))
                .order_by(SubsidyRule.effective_from.desc())
                .first())
        if rule is not None:
            return rule
    return None
