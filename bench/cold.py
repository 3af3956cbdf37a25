"""Cold queries: search pages no process has answered before, so neither the page cache nor the
results cache can help (search.page_cache, search.caches). Each is asked once, on a fresh
connection, one at a time; its service time is the app's own, from the Server-Timing header.

The list is made deterministically (the same on every engine, size and machine) from the words
the demo data is made of (jianxi/ops/demo: titles, employer kinds, trade names; place names from
reference.regions): whole words, 2-, 3- and 4-character pieces of them and a few single characters,
combined with cities, counties, education levels and both sorts.
"""
import itertools
import math
import random
import sys
import time
import urllib.parse

from servers import ACCEPT, ROOT, app_ms, fetch

sys.path.insert(0, str(ROOT))  # the app's own vocabulary and divisions
from jianxi.models import EDUCATION_LEVELS
from jianxi.ops import demo
from jianxi.reference import regions

# Which filters each query sets, in turn; a county always comes with its city.
SHAPES = (
    ("q",), ("q", "city"), ("q", "county"), ("q", "education"), ("city", "education"),
    ("q",), ("q", "county", "education"), ("county",), ("q", "city", "education"), ("county", "education"),
)
# Which kind of keyword, in turn (20 draws): mostly pieces of words, a few single characters.
KEYWORD_KINDS = ("piece2",) * 5 + ("piece3",) * 4 + ("piece4",) * 3 + ("title",) * 3 + (
    "trade", "trade", "kind", "place", "single")


def vocabulary() -> dict[str, list[str]]:
    """Keywords by kind, each list in a fixed shuffled order."""
    titles = sorted({t for _, ts in demo.EMPLOYER_KINDS for t in ts})
    kinds = sorted(k for k, _ in demo.EMPLOYER_KINDS)
    words = titles + kinds + list(demo.TRADE_NAMES)
    places = sorted({c.name for c in regions.cities()} | {
        j.name for c in regions.cities() for j in regions.jurisdictions(c.code)[1:]})

    def pieces(n):
        return sorted({w[i:i + n] for w in words for i in range(len(w) - n + 1)})

    found = {"title": titles, "kind": kinds, "trade": sorted(demo.TRADE_NAMES), "place": places,
             "piece2": pieces(2), "piece3": pieces(3), "piece4": pieces(4), "single": pieces(1)}
    rng = random.Random(12)
    for words_of_kind in found.values():
        rng.shuffle(words_of_kind)
    return found


def queries(count: int, exclude: set[tuple]) -> list[tuple[str, str]]:
    """`count` (label, URL path) pairs whose filter sets differ from each other and from `exclude`.

    Filter sets are compared without the sort: the app caches a result count per filter set
    whatever the sort, so two queries differing only in sort would make the second half warm."""
    rng = random.Random(2026)
    words = {kind: itertools.cycle(found) for kind, found in vocabulary().items()}
    kinds = itertools.cycle(KEYWORD_KINDS)
    seen, made = set(exclude), []
    for shape in itertools.islice(itertools.cycle(SHAPES), count * 50):
        if len(made) == count:
            break
        kind = next(kinds) if "q" in shape else ""
        filters = _filters(shape, rng, next(words[kind]) if kind else "")
        key = tuple(filters.get(k, "") for k in ("city", "county", "q", "education"))
        if key in seen:
            continue
        seen.add(key)
        label = "+".join(("q:" + kind if k == "q" else k) for k in shape)
        made.append((label, "/positions/?" + urllib.parse.urlencode(filters)))
    if len(made) < count:
        sys.exit(f"bench: could only make {len(made)} different cold queries, not {count}")
    return made


def _filters(shape: tuple, rng: random.Random, keyword: str) -> dict:
    city = rng.choice(regions.cities()).code
    filters = {}
    if "city" in shape or "county" in shape:
        filters["city"] = city
    if "county" in shape:
        filters["county"] = rng.choice(regions.jurisdictions(city)).code
    if "q" in shape:
        filters["q"] = keyword
    if "education" in shape:
        filters["education"] = rng.choice(sorted(EDUCATION_LEVELS))
    if rng.random() < 1 / 3:
        filters["sort"] = "deadline"
    return filters


def measure(base: str, asked: list[tuple[str, str]]) -> list[dict]:
    """Ask each query once, on a fresh connection; the app's service time of each (ms)."""
    timings = []
    started = time.perf_counter()
    for number, (label, path) in enumerate(asked, 1):
        ms = app_ms(fetch(base + path, ACCEPT)[1])
        if ms is None:
            sys.exit(f"bench: {path} has no 'Server-Timing: app;dur=<ms>' header")
        timings.append({"label": label, "path": path, "ms": ms})
        if number % 100 == 0 and number < len(asked):
            print(f"    ... {number} of {len(asked)} cold queries, {time.perf_counter() - started:.0f} s", flush=True)
    return timings


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value at least p % of the values are not above."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(timings: list[dict]) -> dict:
    ms = [t["ms"] for t in timings]
    slowest = sorted(timings, key=lambda t: t["ms"], reverse=True)[:3]
    return {"count": len(ms), "p50": percentile(ms, 50), "p90": percentile(ms, 90),
            "p99": percentile(ms, 99), "max": max(ms), "slowest": slowest}
